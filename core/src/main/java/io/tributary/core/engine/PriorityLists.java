package io.tributary.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The in-heap {@link MessageContainer}: one intrusive doubly linked list per priority, each sorted by
 * seq. Adding at the tail and removing anywhere are O(1); restoring an entry walks from the head,
 * which is short because restored entries are the oldest ones.
 *
 * <p>Not thread-safe: used under the owning queue's lock.
 */
final class PriorityLists implements MessageContainer {

    private static final int LEVELS = 10;

    private final QueueEntry[] heads = new QueueEntry[LEVELS];
    private final QueueEntry[] tails = new QueueEntry[LEVELS];
    private int size;

    @Override
    public void add(QueueEntry entry) {
        int p = entry.priority;
        entry.next = null;
        entry.prev = tails[p];
        if (tails[p] == null) {
            heads[p] = entry;
        } else {
            tails[p].next = entry;
        }
        tails[p] = entry;
        size++;
    }

    @Override
    public void restore(QueueEntry entry) {
        int p = entry.priority;
        QueueEntry after = null;
        QueueEntry cursor = heads[p];
        while (cursor != null && cursor.seq < entry.seq) {
            after = cursor;
            cursor = cursor.next;
        }
        if (cursor == null) {
            add(entry);
            return;
        }
        entry.prev = after;
        entry.next = cursor;
        cursor.prev = entry;
        if (after == null) {
            heads[p] = entry;
        } else {
            after.next = entry;
        }
        size++;
    }

    @Override
    public void remove(QueueEntry entry) {
        int p = entry.priority;
        if (entry.prev == null) {
            heads[p] = entry.next;
        } else {
            entry.prev.next = entry.next;
        }
        if (entry.next == null) {
            tails[p] = entry.prev;
        } else {
            entry.next.prev = entry.prev;
        }
        entry.prev = null;
        entry.next = null;
        size--;
    }

    @Override
    public QueueEntry first() {
        return firstFrom(LEVELS - 1);
    }

    @Override
    public QueueEntry next(QueueEntry entry) {
        return entry.next != null ? entry.next : firstFrom(entry.priority - 1);
    }

    private QueueEntry firstFrom(int level) {
        for (int p = level; p >= 0; p--) {
            if (heads[p] != null) {
                return heads[p];
            }
        }
        return null;
    }

    @Override
    public List<QueueEntry> removeAll() {
        List<QueueEntry> all = new ArrayList<>(size);
        for (QueueEntry e = first(); e != null; ) {
            QueueEntry n = next(e);
            e.prev = null;
            e.next = null;
            all.add(e);
            e = n;
        }
        Arrays.fill(heads, null);
        Arrays.fill(tails, null);
        size = 0;
        return all;
    }

    @Override
    public QueueEntry oldest() {
        QueueEntry oldest = null;
        for (QueueEntry head : heads) {
            if (head != null && (oldest == null || head.seq < oldest.seq)) {
                oldest = head;
            }
        }
        return oldest;
    }

    @Override
    public int size() {
        return size;
    }
}
