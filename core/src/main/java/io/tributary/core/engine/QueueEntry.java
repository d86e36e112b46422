package io.tributary.core.engine;

import io.tributary.core.message.Message;
import io.tributary.core.store.StoredReference;
import java.util.HashSet;
import java.util.Set;

/**
 * One queue's reference to a message: the per-queue state (order, delivery count, timers, owner).
 * Fan-out shares the {@link Message} object between the entries of every subscription queue.
 *
 * <p>Not thread-safe: every field is read and written under the lock of the owning {@link MessageQueue}
 * (the intrusive links belong to its {@link MessageContainer}).
 */
final class QueueEntry {

    final long messageId;
    final Message message;
    final int priority;
    final long expiryTime;
    final String groupId;
    /** True when the store holds a reference of this entry. */
    final boolean persisted;

    /** Its life is traced (see {@link Tracer#sampled}); set before the entry enters its queue. */
    boolean traced;
    /** Order within the queue: assigned when the entry first enters it. */
    long seq;
    /** The entry's ordinal among the queue's paged-out entries (see {@link PagedOut}) if it was paged in, else -1. */
    long pagedOrdinal = -1;
    int deliveryCount;
    /** Deliver no earlier than this (epoch ms), 0 for at once. */
    long deliveryTime;
    /** The consumer that holds this entry as an unsettled delivery, or null. */
    QueueConsumer owner;
    /** True once the entry left its queue for good (acknowledged, dead-lettered, expired, purged). */
    boolean removed;
    /** The consumer-set epoch in which no consumer accepted this entry (skip it without evaluating). */
    int unmatchedEpoch;
    private Set<QueueConsumer> undeliverableTo;

    // intrusive links of the container's priority list
    QueueEntry prev;
    QueueEntry next;

    QueueEntry(long messageId, Message message, int deliveryCount, long deliveryTime, long expiryTime,
               boolean persisted) {
        this.messageId = messageId;
        this.message = message;
        this.priority = message.priority();
        this.groupId = message.groupId();
        this.deliveryCount = deliveryCount;
        this.deliveryTime = deliveryTime;
        this.expiryTime = expiryTime;
        this.persisted = persisted;
    }

    boolean expiredAt(long now) {
        return expiryTime != 0 && expiryTime <= now;
    }

    int size() {
        return message.size();
    }

    void markUndeliverableTo(QueueConsumer consumer) {
        if (undeliverableTo == null) {
            undeliverableTo = new HashSet<>(2);
        }
        undeliverableTo.add(consumer);
    }

    boolean undeliverableTo(QueueConsumer consumer) {
        return undeliverableTo != null && undeliverableTo.contains(consumer);
    }

    /** The store's view of this entry (without the bytes, which are added once per message). */
    StoredReference toStoredReference() {
        return new StoredReference(messageId, null, priority, deliveryCount, deliveryTime, expiryTime, groupId);
    }

    @Override
    public String toString() {
        return "entry " + messageId + " (seq " + seq + ", priority " + priority + ", delivery count "
                + deliveryCount + ")";
    }
}
