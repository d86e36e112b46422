package io.tributary.core.engine;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The ids of a persistent queue's entries that only the store holds (paged out), in arrival order, with their
 * total size. About eight bytes per paged-out message stay in the heap: the ids sit in blocks of
 * {@value #BLOCK}, so a long backlog never needs one large array (nor a copy of it to grow).
 *
 * <p>Each id that was ever added has an ordinal: its position in the sequence of every id added since the queue
 * was created (the first is 0). Ordinals never repeat, not even after {@link #clear()}, so a browser can remember
 * how far into the paged-out entries it has come while the head is loaded back and dropped.
 *
 * <p>Not thread-safe: used under the owning {@link MessageQueue}'s lock.
 */
final class PagedOut {

    private static final int BLOCK = 4096;

    private final ArrayDeque<long[]> blocks = new ArrayDeque<>();
    /** Index of the first id in the first block. */
    private int head;
    /** Ids used in the last block. */
    private int tail = BLOCK;
    private int size;
    /** The ordinal of the first id held (of the next id added when none is held). */
    private long headOrdinal;
    private long bytes;
    /** Changes whenever the content is dropped, so a page-in that raced with a purge can tell. */
    private long generation;

    void add(long messageId, int messageSize) {
        if (tail == BLOCK) {
            blocks.addLast(new long[BLOCK]);
            tail = 0;
        }
        blocks.getLast()[tail++] = messageId;
        size++;
        bytes += messageSize;
    }

    /** The first {@code n} ids (fewer when fewer are held), in arrival order. */
    long[] first(int n) {
        return from(headOrdinal, n);
    }

    /**
     * Up to {@code n} ids from the one with ordinal {@code ordinal} on, in arrival order; fewer when fewer are held
     * from there, none when {@code ordinal} is not held (before the head or at or past the end).
     */
    long[] from(long ordinal, int n) {
        long skip = ordinal - headOrdinal;
        if (skip < 0 || skip >= size) {
            return new long[0];
        }
        long[] out = new long[(int) Math.min(n, size - skip)];
        long start = head + skip;
        int from = (int) (start % BLOCK);
        Iterator<long[]> it = blocks.iterator();
        for (long b = start / BLOCK; b > 0; b--) {
            it.next();
        }
        int i = 0;
        while (i < out.length) {
            long[] block = it.next();
            int end = it.hasNext() ? BLOCK : tail;
            for (int j = from; j < end && i < out.length; j++) {
                out[i++] = block[j];
            }
            from = 0;
        }
        return out;
    }

    /** Drops the first {@code n} ids, which held {@code loadedBytes}. */
    void removeFirst(int n, long loadedBytes) {
        size -= n;
        headOrdinal += n;
        bytes = size == 0 ? 0 : Math.max(0, bytes - loadedBytes);
        head += n;
        while (!blocks.isEmpty() && (head >= BLOCK || (blocks.size() == 1 && head >= tail))) {
            head -= blocks.size() == 1 ? tail : BLOCK;
            blocks.removeFirst();
        }
        if (blocks.isEmpty()) {
            head = 0;
            tail = BLOCK;
        }
    }

    /** Drops everything; answers the dropped ids. */
    long[] clear() {
        long[] all = first(size);
        headOrdinal += size;
        blocks.clear();
        head = 0;
        tail = BLOCK;
        size = 0;
        bytes = 0;
        generation++;
        return all;
    }

    long generation() {
        return generation;
    }

    /** The ordinal of the first id held; when none is held, of the next id added. */
    long headOrdinal() {
        return headOrdinal;
    }

    /** The ordinal the next id added will have. */
    long endOrdinal() {
        return headOrdinal + size;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The average message size of what is paged out (1 when empty). */
    long averageSize() {
        return size == 0 ? 1 : Math.max(1, bytes / size);
    }

    @Override
    public String toString() {
        return size + " paged out";
    }
}
