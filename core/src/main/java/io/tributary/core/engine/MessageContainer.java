package io.tributary.core.engine;

import java.util.List;

/**
 * Holds the entries of a queue that are ready to deliver, in delivery order: priority 9 down to 0,
 * and within a priority by {@link QueueEntry#seq}. The seam where paging plugs in: a paging container
 * may keep only the memory budget in the heap and fetch the rest from the store as the head moves.
 *
 * <p>Not thread-safe: used under the owning {@link MessageQueue}'s lock.
 */
interface MessageContainer {

    /** Appends a new entry at the tail of its priority (its seq is higher than any held). */
    void add(QueueEntry entry);

    /** Puts back an entry that was out (delivered, delayed) at its place by seq. */
    void restore(QueueEntry entry);

    /** Removes an entry that this container holds. */
    void remove(QueueEntry entry);

    /** The first entry in delivery order, or null. */
    QueueEntry first();

    /** The entry after {@code entry} in delivery order, or null. */
    QueueEntry next(QueueEntry entry);

    /** Removes and answers every entry, in delivery order. */
    List<QueueEntry> removeAll();

    int size();

    /** The entry that arrived first (lowest seq) whatever its priority, or null. */
    QueueEntry oldest();

    default boolean isEmpty() {
        return size() == 0;
    }
}
