package io.tributary.core.engine;

import io.tributary.core.ByteSize;
import io.tributary.core.GlobalMemoryLimit;
import io.tributary.core.MemoryStatus;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker-wide memory limit ({@link GlobalMemoryLimit}): the heap bytes of every queue's entries (each
 * queue's {@link MemoryBudget} reports its changes here) and of every stream's in-heap segments, against one
 * limit. Over the limit the broker is <em>blocked</em>: queues page durable entries out instead of taking them
 * into the heap, and producers of messages that cannot be paged are held back ({@link EngineProducer#blocked()})
 * until the total falls to the low-water mark, nine tenths of the limit (so that a producer released at the
 * limit does not block again with its next message).
 *
 * <p>Design note: a message fanned out to several subscriptions counts once per subscription that holds it in
 * the heap (they share one copy), so the figure is an upper bound of the heap the messages take.
 *
 * <p>Thread model: lock-free. {@link #add} and {@link #free} run on any thread, also under a queue's or a
 * partition's lock: they change an {@link AtomicLong} and, when the total crosses a mark, a flag. Waiting
 * producers' tasks are handed to the engine's pool, never run on the caller's thread, so they never run under
 * the caller's lock. One WARN line when the broker becomes blocked, one INFO line when it is released.
 */
final class GlobalMemory {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalMemory.class);

    private final String owner;
    private final GlobalMemoryLimit configured;
    private final long limit;
    private final long lowWater;
    private final Executor executor;
    private final Clock clock;
    private final AtomicLong used = new AtomicLong();
    /** The store's own heap for what it stores ({@link #storeHeap}): counted against the limit, never paged. */
    private final AtomicLong store = new AtomicLong();
    private final AtomicBoolean storeOverHalf = new AtomicBoolean();
    private final AtomicBoolean blocked = new AtomicBoolean();
    private final AtomicLong timesBlocked = new AtomicLong();
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private volatile long blockedSince;
    /** The engine stopped: nobody waits any more. */
    private volatile boolean closed;

    GlobalMemory(String owner, GlobalMemoryLimit configured, long maxHeap, Executor executor, Clock clock) {
        this.owner = owner;
        this.configured = configured;
        this.limit = configured.resolve(maxHeap);
        this.lowWater = limit - limit / 10;
        this.executor = executor;
        this.clock = clock;
        if (limit >= maxHeap) {
            LOG.warn("{}: {} = {} is not below the maximum heap ({}): the broker may run out of memory before it"
                    + " holds producers back; set it lower (the default is 50%) or give the JVM more heap (-Xmx)",
                    owner, GlobalMemoryLimit.KEY, configured, ByteSize.format(maxHeap));
        }
    }

    /** Counts {@code bytes} taken into the heap; may make the broker blocked. */
    void add(long bytes) {
        if (used.addAndGet(bytes) + store.get() > limit && !blocked.get()) {
            block();
        }
    }

    /** Counts {@code bytes} released from the heap; may release the broker and wake the waiting producers. */
    void free(long bytes) {
        if (used.addAndGet(-bytes) + store.get() <= lowWater && blocked.get()) {
            unblock();
        }
    }

    /**
     * Sets the heap the store keeps for what it stores ({@link io.tributary.core.store.MessageStore#heapBytes}),
     * which paging cannot release: it counts against the limit like messages, and from half the limit on it holds
     * back producers of durable messages too ({@link #storeOverHalf}), since paging them out would still grow it.
     */
    void storeHeap(long bytes) {
        store.set(bytes);
        boolean over = bytes >= limit / 2;
        if (storeOverHalf.compareAndSet(!over, over)) {
            if (over) {
                LOG.warn("{}: the store's index of stored messages takes {} of the heap, half the global memory limit"
                        + " {} ({} = {}) or more: producers of durable messages are held back too whenever the limit"
                        + " is reached, until consumers bring the stored backlog down; consume the backlogs, or raise"
                        + " {} or the heap (-Xmx)", owner, ByteSize.format(bytes), ByteSize.format(limit),
                        GlobalMemoryLimit.KEY, configured, GlobalMemoryLimit.KEY);
            } else {
                LOG.info("{}: the store's index of stored messages takes {} of the heap, under half the global memory"
                        + " limit {} again", owner, ByteSize.format(bytes), ByteSize.format(limit));
            }
        }
        if (total() > limit && !blocked.get()) {
            block();
        } else if (total() <= lowWater && blocked.get()) {
            unblock();
        }
    }

    /** The messages' heap and the store's, as the limit counts them. */
    private long total() {
        return used.get() + store.get();
    }

    /** True while the store's heap takes half the limit or more (see {@link #storeHeap}). */
    boolean storeOverHalf() {
        return storeOverHalf.get();
    }

    /** True while over the limit (until the total is back at the low-water mark). */
    boolean blocked() {
        return blocked.get();
    }

    /** True when {@code more} bytes must not come into the heap if they can be kept elsewhere (paged out). */
    boolean full(long more) {
        return blocked.get() || total() + more > limit;
    }

    /**
     * Registers {@code task} to run (on the pool) once the broker is no longer blocked; false (not registered)
     * when it is not blocked now.
     */
    boolean await(Runnable task) {
        if (!blocked.get() || closed) {
            return false;
        }
        waiters.add(task);
        // released (or stopped) meanwhile: its wake-up may have run before the task was added
        return blocked.get() && !closed || !waiters.remove(task);
    }

    MemoryStatus status() {
        return new MemoryStatus(limit, used.get(), blocked.get(), timesBlocked.get(), store.get());
    }

    /** The engine stops: waiting tasks run now, later ones at once (their sends fail on the stopped engine). */
    void close() {
        closed = true;
        for (Runnable task = waiters.poll(); task != null; task = waiters.poll()) {
            task.run();
        }
    }

    private void block() {
        if (!blocked.compareAndSet(false, true)) {
            return;
        }
        timesBlocked.incrementAndGet();
        blockedSince = clock.millis();
        LOG.warn("{}: messages take {} of the heap, over the global memory limit {} ({} = {}): producers of"
                + " non-durable messages are held back and durable messages are paged to the store until consumers"
                + " bring it down to {}; consume the backlogs, or raise {} or the heap (-Xmx)", owner,
                ByteSize.format(used.get()), ByteSize.format(limit), GlobalMemoryLimit.KEY, configured,
                ByteSize.format(lowWater), GlobalMemoryLimit.KEY);
        if (total() <= lowWater) {
            unblock(); // a free between the add and the flag did not see the flag
        }
    }

    private void unblock() {
        if (!blocked.compareAndSet(true, false)) {
            return;
        }
        LOG.info("{}: messages take {} of the heap, back under the global memory limit {} after {} ms: producers"
                + " resume", owner, ByteSize.format(used.get()), ByteSize.format(limit),
                clock.millis() - blockedSince);
        for (Runnable task = waiters.poll(); task != null; task = waiters.poll()) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException stopping) {
                waiters.add(task); // the engine stops: close() runs it, on the thread that stops the engine
                break;
            }
        }
        if (total() > limit) {
            block(); // an add between the free and the flag did not see the flag cleared
        }
    }
}
