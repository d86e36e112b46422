package io.tributary.amqp;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items from engine threads to the connection's event loop in batches: one loop task drains everything that
 * arrived since the last one, instead of one task (and one selector wake-up) per item. Order is kept.
 *
 * <p>Thread-safe: {@link #add} from any thread; the handler runs on the event loop only.
 *
 * @param <T> the item type
 */
final class LoopInbox<T> {

    private final ConnectionEndpoint connection;
    private final Consumer<T> handler;
    private final Queue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopInbox(ConnectionEndpoint connection, Consumer<T> handler) {
        this.connection = connection;
        this.handler = handler;
    }

    /** Queues {@code item}; schedules a drain on the loop unless one is already pending. */
    void add(T item) {
        items.add(item);
        if (scheduled.compareAndSet(false, true)) {
            connection.runLater(this::drain);
        }
    }

    /**
     * Runs the handler on everything queued. The flag is cleared before polling, so an item added meanwhile is
     * either polled here or schedules the next drain.
     */
    private void drain() {
        scheduled.set(false);
        T item;
        while ((item = items.poll()) != null) {
            handler.accept(item);
        }
    }
}
