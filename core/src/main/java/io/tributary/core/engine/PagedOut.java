package io.tributary.core.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The ids of a persistent queue's entries that only the store holds (paged out), in arrival order, with their
 * total size. About eight bytes per paged-out message stay in the heap: the ids sit in blocks of
 * {@value #BLOCK}, so a long backlog never needs one large array (nor a copy of it to grow).
 *
 * <p>Each id that was ever added has an ordinal: its position in the sequence of every id added since the queue
 * was created (the first is 0). Ordinals never repeat, not even after {@link #clear()}, so a browser can remember
 * how far into the paged-out entries it has come while the head is loaded back and dropped.
 *
 * <p>An operator may take one paged-out entry out of the middle ({@link #remove}): its id stays in place, marked
 * removed, until the head moves past it, so that ordinals stay as they were; a page-in or a browser skips it.
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
    /** Ids still held in the blocks that an operator took out; they do not count in {@link #count()}. */
    private final Set<Long> removed = new HashSet<>();

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
        if (!removed.isEmpty()) {
            for (long id : first(n)) {
                removed.remove(id);
            }
        }
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

    /** Drops everything; answers the dropped ids (not those already {@linkplain #remove removed}). */
    long[] clear() {
        long[] all = first(size);
        if (!removed.isEmpty()) {
            all = Arrays.stream(all).filter(id -> !removed.contains(id)).toArray();
            removed.clear();
        }
        headOrdinal += size;
        blocks.clear();
        head = 0;
        tail = BLOCK;
        size = 0;
        bytes = 0;
        generation++;
        return all;
    }

    /** Whether {@code messageId} is held and not removed (a scan of every id held). */
    boolean contains(long messageId) {
        if (removed.contains(messageId)) {
            return false;
        }
        int from = head;
        Iterator<long[]> it = blocks.iterator();
        while (it.hasNext()) {
            long[] block = it.next();
            int end = it.hasNext() ? BLOCK : tail;
            for (int j = from; j < end; j++) {
                if (block[j] == messageId) {
                    return true;
                }
            }
            from = 0;
        }
        return false;
    }

    /** Takes {@code messageId} out (an operator removes or moves it); false when it is not held. */
    boolean remove(long messageId) {
        if (!contains(messageId)) {
            return false;
        }
        removed.add(messageId);
        return true;
    }

    /**
     * Takes out those of {@code ids} held at the {@code n} ordinals from {@code ordinal} on (those still held) and not
     * removed already, in one look at that stretch; answers them.
     */
    Set<Long> remove(long ordinal, int n, Set<Long> ids) {
        long start = Math.max(ordinal, headOrdinal);
        Set<Long> out = new HashSet<>();
        for (long id : from(start, (int) Math.max(0, ordinal + n - start))) {
            if (ids.contains(id) && removed.add(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Whether {@code messageId} was {@linkplain #remove removed} while its id is still held. */
    boolean removed(long messageId) {
        return !removed.isEmpty() && removed.contains(messageId);
    }

    /** The entries paged out now: the ids held less those removed. */
    int count() {
        return size - removed.size();
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
