package io.tributary.core.stream;

import io.tributary.core.BrokerException;
import io.tributary.core.message.Message;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a stream: an append-only log of offsets kept in {@link Segment}s, oldest first, the
 * last one active. Offsets in {@code [start, end)} are readable; an append takes the next offset at once
 * but becomes readable only when it and every earlier append are stored (or failed, leaving a hole), so
 * readers see offsets in order and never one that a restart could lose.
 *
 * <p>Memory: a persistent stream keeps only its newest segments' messages in the heap, up to its share of
 * the address's memory budget (only the active segment while the broker is over its global memory limit); a
 * read of an older segment reads the whole segment back from the store (one range scan, on a store-read thread
 * while the reader waits) and keeps at most {@link #PAGED_IN} such segments in the heap per partition. Every
 * change of the heap it holds is counted toward the broker's global limit ({@link StreamHost#heapChanged}).
 *
 * <p>Thread model: appends, publication, retention and every change of a segment's messages run under
 * {@code lock}; reads take no lock: they read the volatile {@code end}, then the copy-on-write segment array,
 * then the slot. Paging a segment in runs on the host's store-read executor, one read per segment at a time
 * ({@code loads}, whose monitor is never held over I/O or a callback); it reads the store without any lock, then
 * takes {@code lock} to put the messages in place. A reader never waits for the store on its own thread.
 */
final class Partition {

    /** An append waiting for its store batch. */
    static final class Slot {
        final long offset;
        boolean done;

        Slot(long offset) {
            this.offset = offset;
        }
    }

    /** Segments read back from the store that stay in the heap, per partition. */
    static final int PAGED_IN = 2;
    /** What {@link #read} answers for an entry whose segment is being read back from the store. */
    static final Message LOADING = Message.wrap(new byte[] {0});
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
    private static final int RANGE = 1000;

    final StreamLog stream;
    final int id;
    private final Object lock = new Object();
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final Set<StreamConsumer> listeners = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Segment> pagedIn = new ArrayDeque<>();
    /** Segments being read back from the store, with the readers to wake when each is in the heap. */
    private final Map<Segment, List<Runnable>> loads = new HashMap<>();
    /** The last read from the store failed (written by store-read threads). */
    private volatile boolean failing;
    private volatile Segment[] segments = new Segment[0];
    private volatile long start;
    private volatile long end;
    private long next;
    private long lastTimestamp = Long.MIN_VALUE;
    private long bytes;
    private long entries;
    /**
     * A traced entry was appended since the start: only then does a read look up trace ids (the untraced path
     * costs this one field read). Set under {@code lock} before the entry is published.
     */
    volatile boolean traced;
    /** The stream was deleted and its heap released: nothing may come into the heap any more. */
    private boolean released;

    Partition(StreamLog stream, int id) {
        this.stream = stream;
        this.id = id;
    }

    /** The log start: the first offset still kept. */
    long start() {
        return start;
    }

    /** The offset after the last readable one. */
    long end() {
        return end;
    }

    /** Readable entries. */
    long size() {
        return Math.max(0, end - start);
    }

    // ---------------------------------------------------------------- append

    /**
     * Takes the next offset for {@code m}, annotates it with its partition and offset and, when
     * {@code batch} is given, writes it into the store batch. Readable after {@link #complete}. A traced message
     * keeps its {@code traceId} (0: not traced) with the entry, so that its reads are traced.
     */
    Slot append(Message m, long now, Supplier<StoreBatch> batch, long traceId) {
        synchronized (lock) {
            if (released) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "stream " + stream.name
                        + " was deleted; send to an existing address");
            }
            long offset = next;
            Message annotated = StreamAnnotator.annotate(m, id, offset);
            long ts = Math.max(lastTimestamp, now);
            if (batch != null) {
                batch.get().appendStreamEntry(stream.name, id, offset, ts, annotated.encoded());
            }
            active(ts).put(annotated, ts, traceId);
            if (traceId != 0 && !traced) {
                traced = true;
            }
            stream.host.heapChanged(annotated.size());
            next = offset + 1;
            lastTimestamp = ts;
            bytes += annotated.size();
            entries++;
            Slot slot = new Slot(offset);
            pending.add(slot);
            return slot;
        }
    }

    private Segment active(long now) {
        Segment[] segs = segments;
        Segment last = segs.length == 0 ? null : segs[segs.length - 1];
        if (last == null || last.messages() == null || last.full(stream.segmentBytes, now, stream.segmentRollMillis)) {
            last = new Segment(next, stream.segmentEntries);
            Segment[] grown = Arrays.copyOf(segs, segs.length + 1);
            grown[segs.length] = last;
            segments = grown;
            pageOutBeyondBudget();
        }
        return last;
    }

    /**
     * Under the lock: pages out the older segments beyond the heap budget, or all but the active one while the
     * broker is over its global memory limit (persistent streams only).
     */
    private void pageOutBeyondBudget() {
        if (!stream.persistent) {
            return;
        }
        long budget = stream.host.memoryFull() ? 0 : stream.heapBudget;
        Segment[] segs = segments;
        long kept = 0;
        long freed = 0;
        for (int i = segs.length - 1; i >= 0; i--) {
            Segment s = segs[i];
            if (s.messages() == null) {
                continue;
            }
            kept += s.bytes();
            if (kept > budget && i < segs.length - 1 && s.endOffset() <= end) {
                freed += s.pageOut();
                pagedIn.remove(s);
            }
        }
        stream.host.heapChanged(-freed);
    }

    /** The append of {@code slot} is stored ({@code ok}) or failed (its offset stays a hole). */
    void complete(Slot slot, boolean ok) {
        boolean advanced = false;
        synchronized (lock) {
            slot.done = true;
            if (!ok) {
                Segment s = segmentOf(slot.offset);
                if (s != null) {
                    stream.host.heapChanged(-s.clear(slot.offset));
                }
            }
            while (!pending.isEmpty() && pending.peek().done) {
                pending.poll();
                advanced = true;
            }
            if (advanced) {
                end = pending.isEmpty() ? next : pending.peek().offset;
            }
        }
        if (advanced) {
            listeners.forEach(StreamConsumer::wake);
            stream.afterAppend(this);
        }
    }

    /**
     * Recovery: adds a stored entry by its index only (offset order); its segment is paged out at
     * {@link #restoreEnd} and read back from the store when a reader needs it.
     */
    void restoreIndex(long offset, long timestamp, int size) {
        synchronized (lock) {
            if (segments.length == 0) {
                start = offset;
                next = offset;
            }
            if (offset < next) {
                return;
            }
            while (next < offset) {
                active(timestamp).putIndex(timestamp, 0);
                entries++;
                next++;
            }
            active(timestamp).putIndex(timestamp, size);
            lastTimestamp = Math.max(lastTimestamp, timestamp);
            bytes += size;
            entries++;
            next = offset + 1;
        }
    }

    /** Recovery, after the entries: the next offset the store knows (above every stored or deleted one). */
    void restoreEnd(long nextOffset) {
        synchronized (lock) {
            for (Segment s : segments) {
                stream.host.heapChanged(-s.pageOut());
            }
            next = Math.max(next, nextOffset);
            if (segments.length == 0) {
                start = next;
            }
            end = next;
        }
    }

    // ---------------------------------------------------------------- read

    /**
     * The entry at {@code offset}, or null when it is a hole, gone by retention or not readable yet; or
     * {@link #LOADING} when its segment is in the store only: the segment is then read back on a store-read thread
     * and {@code whenLoaded} runs once it is in the heap (or, after a failed read, a second later), so that the
     * reader asks again. Never reads the store on the caller's thread.
     */
    Message read(long offset, Runnable whenLoaded) {
        if (offset >= end) {
            return null;
        }
        Segment s = segmentOf(offset);
        if (s == null) {
            return null;
        }
        Message[] m = s.messages();
        if (m == null) {
            pageInLater(s, whenLoaded);
            return LOADING;
        }
        return m[(int) (offset - s.baseOffset)];
    }

    /**
     * Recovery: the entry at {@code offset}, appended at or before {@code appendedBy}, is traced under
     * {@code traceId} (its trace's appended event says so); answers whether the log still holds that entry.
     */
    boolean restoreTraceId(long offset, long traceId, long appendedBy) {
        synchronized (lock) {
            Segment s = offset >= start ? segmentOf(offset) : null;
            if (s == null || !s.restoreTraceId(offset, traceId, appendedBy)) {
                return false;
            }
            traced = true;
            return true;
        }
    }

    /**
     * The trace id kept with the entry at {@code offset} at its append (or restored at the start), or 0 when it is
     * not traced or gone by retention. Call only when {@link #traced}.
     */
    long traceId(long offset) {
        Segment s = segmentOf(offset);
        return s == null ? 0 : s.traceId(offset);
    }

    /** Starts reading {@code s} back from the store unless a read of it is under way; {@code then} runs after. */
    private void pageInLater(Segment s, Runnable then) {
        boolean start;
        synchronized (loads) {
            List<Runnable> waiting = loads.get(s);
            start = waiting == null;
            if (start) {
                waiting = new ArrayList<>();
                loads.put(s, waiting);
            }
            waiting.add(then);
        }
        if (start) {
            stream.host.storeReads().execute(() -> pageIn(s));
        }
    }

    /** On a store-read thread: reads {@code s} back, then wakes the readers waiting for it. */
    private void pageIn(Segment s) {
        boolean failed = false;
        try {
            load(s);
            if (failing) {
                LOG.info("stream {} partition {}: reading from the store works again", stream.name, id);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("stream {} partition {}: reading offsets {} to {} from the store failed, readers retry every "
                        + "second: {}", stream.name, id, s.baseOffset, s.endOffset() - 1, e.getMessage());
            }
            failing = true;
            failed = true;
        }
        List<Runnable> waiting;
        synchronized (loads) {
            waiting = loads.remove(s);
        }
        for (Runnable r : waiting) {
            if (failed) {
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, stream.host.storeReads()).execute(r);
            } else {
                r.run();
            }
        }
    }

    private void load(Segment s) {
        if (s.messages() != null) {
            return;
        }
        Message[] loaded = new Message[s.capacity()];
        long loadedBytes = 0;
        long from = s.baseOffset;
        while (from < s.endOffset()) {
            var page = stream.host.store().loadStreamEntries(stream.name, id, from,
                    (int) Math.min(RANGE, s.endOffset() - from));
            for (var e : page) {
                if (s.contains(e.offset())) {
                    loaded[(int) (e.offset() - s.baseOffset)] = Message.wrap(e.encoded());
                    loadedBytes += e.encoded().length;
                }
            }
            from = page.isEmpty() ? s.endOffset() : page.get(page.size() - 1).offset() + 1;
        }
        synchronized (lock) {
            if (released) {
                return; // the stream was deleted meanwhile: the heap keeps none
            }
            s.pageIn(loaded, loadedBytes);
            stream.host.heapChanged(loadedBytes);
            pagedIn.add(s);
            long freed = 0;
            while (pagedIn.size() > PAGED_IN) {
                freed += pagedIn.poll().pageOut();
            }
            stream.host.heapChanged(-freed);
        }
        stream.pageIns.incrementAndGet();
    }

    /** True while the last read from the store failed (readers then retry every second). */
    boolean readsFailing() {
        return failing;
    }

    /** Encoded bytes of the entries the log keeps (in the heap or only in the store). */
    long bytes() {
        synchronized (lock) {
            return bytes;
        }
    }

    /** Heap bytes of the messages this partition holds now. */
    long heapBytes() {
        long n = 0;
        for (Segment s : segments) {
            if (s.messages() != null) {
                n += s.bytes();
            }
        }
        return n;
    }

    private Segment segmentOf(long offset) {
        Segment[] segs = segments;
        int lo = 0;
        int hi = segs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segs[mid];
            if (offset < s.baseOffset) {
                hi = mid - 1;
            } else if (offset >= s.endOffset()) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return null;
    }

    /** The first readable offset appended at or after {@code timestamp}, or {@link #end()} when none. */
    long offsetAt(long timestamp) {
        long limit = end;
        for (Segment s : segments) {
            if (s.endOffset() <= start || s.lastTimestamp() < timestamp) {
                continue;
            }
            long o = s.firstAtOrAfter(timestamp, limit);
            if (o >= 0) {
                return Math.max(o, start);
            }
        }
        return limit;
    }

    void listen(StreamConsumer c) {
        listeners.add(c);
    }

    void unlisten(StreamConsumer c) {
        listeners.remove(c);
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes whole segments from the oldest while the retention says so; never the active one nor one
     * with an offset not yet readable. Answers the new log start, or -1 when nothing was deleted.
     */
    long enforceRetention(long now) {
        synchronized (lock) {
            Segment[] segs = segments;
            int drop = 0;
            long keptBytes = bytes;
            long keptEntries = entries;
            while (drop < segs.length - 1 && segs[drop].endOffset() <= end
                    && stream.expired(segs[drop], now, keptBytes, keptEntries)) {
                keptBytes -= segs[drop].bytes();
                keptEntries -= segs[drop].count();
                drop++;
            }
            if (drop == 0) {
                return -1;
            }
            long freed = 0;
            for (int i = 0; i < drop; i++) {
                freed += segs[i].leave();
                pagedIn.remove(segs[i]);
            }
            stream.host.heapChanged(-freed);
            segments = Arrays.copyOfRange(segs, drop, segs.length);
            bytes = keptBytes;
            entries = keptEntries;
            start = segments[0].baseOffset;
            return start;
        }
    }

    /** The stream is deleted: its messages leave the heap (the count toward the global limit goes down). */
    void releaseHeap() {
        synchronized (lock) {
            long freed = 0;
            for (Segment s : segments) {
                freed += s.leave();
            }
            pagedIn.clear();
            released = true;
            stream.host.heapChanged(-freed);
        }
    }

    @Override
    public String toString() {
        return "stream " + stream.name + " partition " + id;
    }
}
