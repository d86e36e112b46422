package io.tributary.core.engine;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The ids of a persistent queue's entries that only the store holds (paged out), in arrival order, with their
 * total size. About eight bytes per paged-out message stay in the heap: the ids sit in blocks of
 * {@value #BLOCK}, so a long backlog never needs one large array (nor a copy of it to grow).
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
        long[] out = new long[Math.min(n, size)];
        int i = 0;
        int from = head;
        Iterator<long[]> it = blocks.iterator();
        while (i < out.length) {
            long[] block = it.next();
            int end = blocks.peekLast() == block ? tail : BLOCK;
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
