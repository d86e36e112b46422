package io.tributary.core.stream;

import io.tributary.core.message.Message;
import java.util.Arrays;

/**
 * A run of consecutive offsets of one partition: the unit of retention (a segment is deleted whole) and
 * of paging (a persistent stream drops the messages of old segments from the heap and reads them back
 * from the store as one range when a reader needs them). Holds one {@link Message} per offset, shared by
 * every reader; the timestamps stay in the heap for timestamp lookups and retention.
 *
 * <p>Thread model: written only under its partition's lock; a slot is read without a lock once the
 * partition has published its offset (the volatile write of the partition's end happens after the
 * slot was written, so a reader that saw that end also sees the slot; the same holds for the trace ids). The
 * message array is volatile:
 * null while the segment is paged out; it and {@code heap} change only under the partition lock (paging in loads
 * under the segment's own monitor first).
 */
final class Segment {

    final long baseOffset;
    private final int capacity;
    private volatile Message[] messages;
    private final long[] timestamps;
    /**
     * The trace id (the broker id its events are recorded under) of each traced entry by index from the base
     * offset, 0 for an untraced one; null until the first traced entry, then grown to the last traced one. Lives
     * in the heap; after a restart it is made again from the trace's appended events (see
     * {@link Partition#restoreTraceId}).
     */
    private long[] traceIds;
    private int count;
    private long bytes;
    /** The bytes of the messages this segment holds in the heap now (counted toward the global limit). */
    private long heap;

    Segment(long baseOffset, int capacity) {
        this.baseOffset = baseOffset;
        this.capacity = capacity;
        this.messages = new Message[capacity];
        this.timestamps = new long[capacity];
    }

    /** Under the partition lock: no room for another entry by count, bytes or age. */
    boolean full(long maxBytes, long now, long rollAgeMillis) {
        return count == capacity || bytes >= maxBytes
                || (count > 0 && rollAgeMillis > 0 && now - timestamps[0] >= rollAgeMillis);
    }

    void put(Message m, long timestamp, long traceId) {
        if (traceId != 0) {
            setTraceId(count, traceId);
        }
        messages[count] = m;
        timestamps[count] = timestamp;
        count++;
        bytes += m == null ? 0 : m.size();
        heap += m == null ? 0 : m.size();
    }

    /** Recovery: an entry known by its timestamp and size only; its message stays in the store. */
    void putIndex(long timestamp, int size) {
        timestamps[count] = timestamp;
        count++;
        bytes += size;
    }

    /**
     * Recovery: the entry at {@code offset} (in this segment) was traced under {@code traceId} when it was appended
     * at or before {@code appendedBy} (epoch ms); false, and nothing kept, when this entry was appended later (it is
     * another entry at the same offset: the stream was deleted and made again).
     */
    boolean restoreTraceId(long offset, long traceId, long appendedBy) {
        int i = (int) (offset - baseOffset);
        if (timestamps[i] > appendedBy) {
            return false;
        }
        setTraceId(i, traceId);
        return true;
    }

    private void setTraceId(int index, long traceId) {
        if (traceIds == null || traceIds.length <= index) {
            long[] grown = new long[Math.min(capacity, Math.max(16, 2 * (index + 1)))];
            if (traceIds != null) {
                System.arraycopy(traceIds, 0, grown, 0, traceIds.length);
            }
            traceIds = grown;
        }
        traceIds[index] = traceId;
    }

    /** The trace id of the entry at {@code offset} (in this segment), or 0 when it is not traced. */
    long traceId(long offset) {
        long[] t = traceIds;
        int i = (int) (offset - baseOffset);
        return t == null || i >= t.length ? 0 : t[i];
    }

    /** The messages by offset (null slots are holes), or null while paged out. */
    Message[] messages() {
        return messages;
    }

    /** Makes {@code offset} a hole; answers the heap bytes that freed. */
    long clear(long offset) {
        Message[] m = messages;
        int i = (int) (offset - baseOffset);
        if (m == null || m[i] == null) {
            return 0;
        }
        long freed = m[i].size();
        m[i] = null;
        heap -= freed;
        return freed;
    }

    /** Drops the messages from the heap (they are in the store, or deleted); answers the heap bytes that freed. */
    long pageOut() {
        if (messages == null) {
            return 0;
        }
        messages = null;
        long freed = heap;
        heap = 0;
        return freed;
    }

    /**
     * The segment left its log (retention or deletion): answers the heap bytes it counted and counts none from now
     * on. The messages stay for a reader that found the segment just before (the collector frees them after).
     */
    long leave() {
        long freed = heap;
        heap = 0;
        return freed;
    }

    /**
     * Puts messages read back from the store in place; {@code loaded} is indexed from the base offset and takes
     * {@code loadedBytes} of heap.
     */
    void pageIn(Message[] loaded, long loadedBytes) {
        heap = loadedBytes;
        messages = loaded;
    }

    int capacity() {
        return capacity;
    }

    boolean contains(long offset) {
        return offset >= baseOffset && offset < baseOffset + count;
    }

    /** The offset after the last entry. */
    long endOffset() {
        return baseOffset + count;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    long lastTimestamp() {
        return count == 0 ? Long.MIN_VALUE : timestamps[count - 1];
    }

    /** The first offset in this segment appended at or after {@code timestamp}, or -1 when none. */
    long firstAtOrAfter(long timestamp, long limit) {
        int n = (int) Math.min(count, limit - baseOffset);
        if (n <= 0 || timestamps[n - 1] < timestamp) {
            return -1;
        }
        int i = Arrays.binarySearch(timestamps, 0, n, timestamp);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > 0 && timestamps[i - 1] == timestamp) {
                i--;
            }
        }
        return baseOffset + i;
    }
}
