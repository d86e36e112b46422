package io.tributary.core.engine;

import io.tributary.core.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * What a queue operation found to do under the queue's lock and does after releasing it: hand
 * deliveries to sinks, report drains, write the store, move dead letters and expired messages, wake
 * blocked producers. Keeping these out of the lock means no sink, store or other queue is ever called
 * while a queue lock is held.
 *
 * <p>Not thread-safe: one per operation.
 */
final class AfterLock {

    /** Deliveries and their consumers, made only by dispatch (null until the first). */
    private List<QueueConsumer> targets;
    private List<Delivery> deliveries;
    List<QueueConsumer> drained;
    List<QueueEntry> deadLetters;
    List<QueueEntry> expired;
    /** Persisted entries whose store reference goes. */
    List<QueueEntry> unstored;
    /** Persisted entries whose delivery count changed. */
    List<QueueEntry> recounted;
    List<Runnable> wakeups;
    /** The queue has ready entries a consumer may now take. */
    boolean dispatch;
    /** The delivery batch was full: dispatch again. */
    boolean more;

    void deliver(QueueConsumer consumer, Delivery delivery) {
        if (targets == null) {
            targets = new ArrayList<>();
            deliveries = new ArrayList<>();
        }
        targets.add(consumer);
        deliveries.add(delivery);
    }

    int deliveryCount() {
        return deliveries == null ? 0 : deliveries.size();
    }

    /** Hands every delivery to its consumer's sink, in order. */
    void handOver() {
        for (int i = 0; i < deliveryCount(); i++) {
            targets.get(i).deliverToSink(deliveries.get(i));
        }
        if (drained != null) {
            drained.forEach(QueueConsumer::drainedToSink);
        }
    }

    void drained(QueueConsumer consumer) {
        drained = add(drained, consumer);
    }

    void deadLetter(QueueEntry entry) {
        deadLetters = add(deadLetters, entry);
    }

    void expire(QueueEntry entry) {
        expired = add(expired, entry);
    }

    void unstore(QueueEntry entry) {
        unstored = add(unstored, entry);
    }

    void recount(QueueEntry entry) {
        recounted = add(recounted, entry);
    }

    void wake(List<Runnable> tasks) {
        wakeups = tasks;
    }

    private static <T> List<T> add(List<T> list, T item) {
        List<T> l = list == null ? new ArrayList<>(4) : list;
        l.add(item);
        return l;
    }
}
