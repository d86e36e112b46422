package io.tributary.core.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A queue's time-bound state: entries waiting for their delivery time (scheduled or in redelivery
 * delay), the groups those entries hold back, and the earliest expiry among the queue's entries.
 *
 * <p>Not thread-safe: used under the owning {@link MessageQueue}'s lock.
 */
final class TimedEntries {

    private final PriorityQueue<QueueEntry> delayed = new PriorityQueue<>(
            Comparator.<QueueEntry>comparingLong(e -> e.deliveryTime).thenComparingLong(e -> e.seq));
    private final Map<String, Integer> delayedGroups = new HashMap<>();
    private long earliestExpiry = Long.MAX_VALUE;

    void delay(QueueEntry e) {
        delayed.add(e);
        if (e.groupId != null) {
            delayedGroups.merge(e.groupId, 1, Integer::sum);
        }
    }

    /** A delayed entry of this group holds the group's later entries back (group order). */
    boolean holdsBack(QueueEntry e) {
        return e.groupId != null && !delayedGroups.isEmpty() && delayedGroups.containsKey(e.groupId);
    }

    /** Removes and answers the delayed entries due at {@code now}, in time order. */
    List<QueueEntry> pollDue(long now) {
        List<QueueEntry> due = new ArrayList<>();
        while (!delayed.isEmpty() && delayed.peek().deliveryTime <= now) {
            QueueEntry e = delayed.poll();
            e.deliveryTime = 0;
            if (e.groupId != null) {
                delayedGroups.computeIfPresent(e.groupId, (g, n) -> n <= 1 ? null : n - 1);
            }
            due.add(e);
        }
        return due;
    }

    /** Notes an entry's expiry; true when it is the earliest now. */
    boolean trackExpiry(QueueEntry e) {
        if (e.expiryTime != 0 && e.expiryTime < earliestExpiry) {
            earliestExpiry = e.expiryTime;
            return true;
        }
        return false;
    }

    boolean expiryDue(long now) {
        return now >= earliestExpiry;
    }

    /** After an expiry scan of the ready entries found {@code readyEarliest}: the new earliest expiry. */
    void rescanned(long readyEarliest) {
        long earliest = readyEarliest;
        for (QueueEntry e : delayed) {
            if (e.expiryTime != 0) {
                earliest = Math.min(earliest, e.expiryTime);
            }
        }
        earliestExpiry = earliest;
    }

    /** The earliest delivery time or expiry to come; {@code Long.MAX_VALUE} when nothing timed is left. */
    long nextDeadline() {
        return delayed.isEmpty() ? earliestExpiry : Math.min(delayed.peek().deliveryTime, earliestExpiry);
    }

    /** Nothing timed is left: the queue may stop watching the clock. */
    boolean idle() {
        return delayed.isEmpty() && earliestExpiry == Long.MAX_VALUE;
    }

    int size() {
        return delayed.size();
    }

    /** The delayed entries by delivery time (a copy). */
    List<QueueEntry> entries() {
        List<QueueEntry> all = new ArrayList<>(delayed);
        all.sort(delayed.comparator());
        return all;
    }

    /** Removes one delayed entry; false when it is not delayed. */
    boolean remove(QueueEntry e) {
        if (!delayed.remove(e)) {
            return false;
        }
        if (e.groupId != null) {
            delayedGroups.computeIfPresent(e.groupId, (g, n) -> n <= 1 ? null : n - 1);
        }
        return true;
    }

    /** Removes and answers every delayed entry. */
    List<QueueEntry> removeAll() {
        List<QueueEntry> all = new ArrayList<>(delayed);
        delayed.clear();
        delayedGroups.clear();
        return all;
    }
}
