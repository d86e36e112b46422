package io.tributary.core.engine;

import java.util.Arrays;

/**
 * The ids of a persistent queue's entries that only the store holds (paged out), in arrival order, with their
 * total size. Eight bytes per paged-out message stay in the heap.
 *
 * <p>Not thread-safe: used under the owning {@link MessageQueue}'s lock.
 */
final class PagedOut {

    private long[] ids = new long[256];
    private int head;
    private int size;
    private long bytes;
    /** Changes whenever the content is dropped, so a page-in that raced with a purge can tell. */
    private long generation;

    void add(long messageId, int messageSize) {
        if (size == ids.length) {
            long[] grown = new long[ids.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = ids[(head + i) % ids.length];
            }
            ids = grown;
            head = 0;
        }
        ids[(head + size) % ids.length] = messageId;
        size++;
        bytes += messageSize;
    }

    /** The first {@code n} ids (fewer when fewer are held), in arrival order. */
    long[] first(int n) {
        long[] out = new long[Math.min(n, size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[(head + i) % ids.length];
        }
        return out;
    }

    /** Drops the first {@code n} ids, which held {@code loadedBytes}. */
    void removeFirst(int n, long loadedBytes) {
        head = (head + n) % ids.length;
        size -= n;
        bytes = size == 0 ? 0 : Math.max(0, bytes - loadedBytes);
        if (size == 0 && ids.length > 1024) {
            ids = new long[256];
            head = 0;
        }
    }

    /** Drops everything; answers the dropped ids. */
    long[] clear() {
        long[] all = first(size);
        ids = new long[256];
        head = 0;
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
        return size + " paged out " + Arrays.toString(first(3)) + "...";
    }
}
