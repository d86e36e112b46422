package io.tributary.core.store.jdbc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One queue's live references in the journal's index ({@link MessageJournal}), in message-id order, in primitive
 * arrays: chunks of at most {@value #CHUNK} entries keyed by their first id, each entry the message id, where the
 * message's body is (segment and offset packed in a long, and its length), the delivery count, the priority and the
 * segment of the reference's own record: 29 bytes an entry. The rarer fields (delivery time, expiry time, group id)
 * sit in a map only for the entries that have them.
 *
 * <p>Design note: references arrive nearly always in id order (a send takes the next id), so an addition appends to
 * the last chunk; one out of order (a dead letter moved back) is inserted into its chunk, which splits when full. A
 * {@code TreeMap} of objects took about 190 bytes a reference with its message entry.
 *
 * <p>Not thread-safe: guarded by the journal.
 */
final class RefIndex {

    static final int CHUNK = 512;
    /** A body place not known yet (a reference read back before its message's newer record). */
    static final long UNKNOWN = -1;

    /** The fields an entry has only sometimes. */
    record Extra(long deliveryTime, long expiryTime, String groupId) {
    }

    static final class Chunk {
        long[] ids = new long[8];
        long[] places = new long[8];
        int[] lengths = new int[8];
        int[] counts = new int[8];
        byte[] priorities = new byte[8];
        int[] refSegments = new int[8];
        int n;

        private void grow() {
            int to = Math.min(CHUNK, ids.length * 2);
            ids = Arrays.copyOf(ids, to);
            places = Arrays.copyOf(places, to);
            lengths = Arrays.copyOf(lengths, to);
            counts = Arrays.copyOf(counts, to);
            priorities = Arrays.copyOf(priorities, to);
            refSegments = Arrays.copyOf(refSegments, to);
        }

        private void open(int at) {
            if (n == ids.length) {
                grow();
            }
            int tail = n - at;
            System.arraycopy(ids, at, ids, at + 1, tail);
            System.arraycopy(places, at, places, at + 1, tail);
            System.arraycopy(lengths, at, lengths, at + 1, tail);
            System.arraycopy(counts, at, counts, at + 1, tail);
            System.arraycopy(priorities, at, priorities, at + 1, tail);
            System.arraycopy(refSegments, at, refSegments, at + 1, tail);
            n++;
        }

        private void close(int at) {
            int tail = n - at - 1;
            System.arraycopy(ids, at + 1, ids, at, tail);
            System.arraycopy(places, at + 1, places, at, tail);
            System.arraycopy(lengths, at + 1, lengths, at, tail);
            System.arraycopy(counts, at + 1, counts, at, tail);
            System.arraycopy(priorities, at + 1, priorities, at, tail);
            System.arraycopy(refSegments, at + 1, refSegments, at, tail);
            n--;
        }

        int find(long id) {
            return Arrays.binarySearch(ids, 0, n, id);
        }
    }

    /** Visits entries; answers false to stop. */
    interface Visitor {
        boolean visit(Chunk chunk, int i);
    }

    private final TreeMap<Long, Chunk> chunks = new TreeMap<>();
    private final Map<Long, Extra> extras = new HashMap<>();
    private int size;
    /** References of every index that shares it (the journal's total). */
    private final AtomicLong total;

    RefIndex() {
        this(new AtomicLong());
    }

    RefIndex(AtomicLong total) {
        this.total = total;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The chunk holding {@code id} (its index via {@link Chunk#find}), or null. */
    Chunk chunkOf(long id) {
        Map.Entry<Long, Chunk> e = chunks.floorEntry(id);
        if (e == null) {
            return null;
        }
        return e.getValue().find(id) >= 0 ? e.getValue() : null;
    }

    Extra extra(long id) {
        return extras.get(id);
    }

    /**
     * Adds an entry, or replaces the one with this id (keeping its place when {@code place} is {@link #UNKNOWN}).
     * Answers the replaced entry's reference segment, or -1 when the entry is new.
     */
    int put(long id, long place, int length, int count, int priority, int refSegment, Extra extra) {
        Map.Entry<Long, Chunk> e = chunks.floorEntry(id);
        Chunk c;
        if (e == null) {
            Map.Entry<Long, Chunk> first = chunks.firstEntry();
            if (first == null) {
                c = new Chunk();
                chunks.put(id, c);
            } else {
                c = first.getValue(); // id precedes every chunk: the first chunk takes it under a new key
                chunks.remove(first.getKey());
                chunks.put(id, c);
            }
        } else {
            c = e.getValue();
        }
        int at = c.find(id);
        int replaced = -1;
        if (at >= 0) {
            replaced = c.refSegments[at];
            if (place == UNKNOWN) {
                place = c.places[at];
                length = c.lengths[at];
            }
        } else {
            if (c.n == CHUNK && id > c.ids[c.n - 1] && chunks.higherKey(c.ids[0]) == null) {
                c = new Chunk(); // appending to a full last chunk: a new one (a split would leave both half empty)
                chunks.put(id, c);
            } else if (c.n == CHUNK) {
                c = split(c, id);
            }
            at = -c.find(id) - 1;
            c.open(at);
            size++;
            total.incrementAndGet();
        }
        c.ids[at] = id;
        c.places[at] = place;
        c.lengths[at] = length;
        c.counts[at] = count;
        c.priorities[at] = (byte) priority;
        c.refSegments[at] = refSegment;
        if (extra != null) {
            extras.put(id, extra);
        } else {
            extras.remove(id);
        }
        return replaced;
    }

    /** Splits a full chunk in two halves; answers the half {@code id} belongs in. */
    private Chunk split(Chunk c, long id) {
        Chunk upper = new Chunk();
        int half = c.n / 2;
        int moved = c.n - half;
        upper.ids = Arrays.copyOfRange(c.ids, half, half + CHUNK);
        upper.places = Arrays.copyOfRange(c.places, half, half + CHUNK);
        upper.lengths = Arrays.copyOfRange(c.lengths, half, half + CHUNK);
        upper.counts = Arrays.copyOfRange(c.counts, half, half + CHUNK);
        upper.priorities = Arrays.copyOfRange(c.priorities, half, half + CHUNK);
        upper.refSegments = Arrays.copyOfRange(c.refSegments, half, half + CHUNK);
        upper.n = moved;
        c.n = half;
        chunks.put(upper.ids[0], upper);
        return id >= upper.ids[0] ? upper : c;
    }

    /** Removes the entry with this id; answers false when there was none. The caller read what it needs first. */
    boolean remove(long id) {
        Map.Entry<Long, Chunk> e = chunks.floorEntry(id);
        if (e == null) {
            return false;
        }
        Chunk c = e.getValue();
        int at = c.find(id);
        if (at < 0) {
            return false;
        }
        c.close(at);
        size--;
        total.decrementAndGet();
        extras.remove(id);
        if (c.n == 0) {
            chunks.remove(e.getKey());
        }
        return true;
    }

    /** Visits the entries after {@code afterId} in id order until the visitor answers false. */
    void forEachAfter(long afterId, Visitor visitor) {
        Map.Entry<Long, Chunk> start = chunks.floorEntry(afterId);
        Iterable<Chunk> from = start == null ? chunks.values() : chunks.tailMap(start.getKey(), true).values();
        for (Chunk c : from) {
            int i = c.find(afterId);
            i = i >= 0 ? i + 1 : -i - 1;
            for (; i < c.n; i++) {
                if (!visitor.visit(c, i)) {
                    return;
                }
            }
        }
    }

    /** Visits every entry. */
    void forEach(Visitor visitor) {
        forEachAfter(Long.MIN_VALUE, visitor);
    }
}
