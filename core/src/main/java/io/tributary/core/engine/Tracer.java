package io.tributary.core.engine;

import io.tributary.core.AddressSettings;
import io.tributary.core.MessageTrace;
import io.tributary.core.TraceLimits;
import io.tributary.core.TraceSampling;
import io.tributary.core.message.JmsIds;
import io.tributary.core.message.Message;
import io.tributary.core.store.TraceEventRecord;
import io.tributary.core.store.TraceEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the trace events of traced messages (see {@link MessageTrace}) and writes them to the store off the
 * message path: an event goes into a bounded buffer (a lock-free queue and a count), and one flush at a time takes
 * up to {@link #CHUNK} events from it into a store batch of their own, group-committed by the store's writer with
 * everything else; an event leaves the buffer only once its batch committed (or failed), so {@link #pending} with
 * the store's events is the whole trace at any moment. When the buffer is full the event is dropped and counted
 * ({@link #dropped()}, one WARN line per ten seconds): a send or delivery never waits for tracing. Every
 * {@link #PRUNE_MILLIS} (engine clock) a batch deletes the events older than the retention and all but the newest
 * {@code tracing.max-events}.
 *
 * <p>Whether a message is traced is decided once per message and address, by {@link #sampled}: off costs one
 * boolean test; a sample below 1 hashes the message-id (or the broker id when it has none), so every event of a
 * sampled message is kept, its copies (dead letter, retry) are sampled alike, and a decision made again for an
 * entry read back from the store (recovery, paging) is the same. The decision rides on each {@link QueueEntry}.
 *
 * <p>Thread-safe: events come from any thread, also under a queue's lock (recording never blocks, takes no lock
 * and calls no store); flushes run on the engine's pool, pruning on the timer thread.
 */
final class Tracer {

    private static final Logger LOG = LoggerFactory.getLogger(Tracer.class);
    /** Events per store batch at most. */
    static final int CHUNK = 500;
    static final long PRUNE_MILLIS = 60_000;
    /** Application properties kept with a received event: at most this many characters of their JSON text. */
    static final int MAX_PROPERTIES_CHARS = 2_000;
    private static final long DROP_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Pending(long id, long brokerId, long time, String type, String address, String messageId,
                           String correlationId, Map<String, Object> properties, Map<String, Object> details) {
    }

    private final BrokerEngine engine;
    private final TraceLimits limits;
    private final Executor pool;
    private final Queue<Pending> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_NANOS);
    private final AtomicLong droppedLogged = new AtomicLong();
    private volatile long lastPrune;
    private volatile boolean closed;

    Tracer(BrokerEngine engine, TraceLimits limits, Executor pool) {
        this.engine = engine;
        this.limits = limits;
        this.pool = pool;
    }

    /** Continues the event ids after those in the store and starts pruning. */
    void start(long maxStoredId, Timers timers) {
        ids.set(maxStoredId);
        lastPrune = engine.now();
        timers.every(this::pruneWhenDue);
    }

    /** Whether the message {@code m} (broker id {@code brokerId}) is traced on an address with {@code s}. */
    static boolean sampled(TraceSampling s, Message m, long brokerId) {
        if (!s.on()) {
            return false;
        }
        double rate = s.sample();
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        String id = JmsIds.messageId(m.messageId());
        long h = id == null ? mix(brokerId) : hash(id);
        return (h >>> 11) * 0x1.0p-53 < rate;
    }

    private static long hash(String s) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the UTF-16 units, then mixed
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * An entry read back from the store (recovery, paging): traced as when it was routed, or already marked traced
     * (paging keeps that mark for entries that came traced from another address, see {@link Pager}).
     */
    static QueueEntry restored(AddressSettings settings, QueueEntry e) {
        e.traced = e.traced || sampled(settings.tracing(), e.message, e.messageId);
        return e;
    }

    /** Details from name/value pairs, leaving out null values. */
    static Map<String, Object> details(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return out;
    }

    /** The first event of a trace, with the keys the message is found by. */
    void received(long brokerId, String address, Message m, Map<String, Object> details) {
        offer(brokerId, MessageTrace.RECEIVED, address, JmsIds.messageId(m.messageId()),
                JmsIds.correlationId(m.correlationId()), m.applicationProperties(), details);
    }

    void event(long brokerId, String type, String address, Map<String, Object> details) {
        offer(brokerId, type, address, null, null, null, details);
    }

    /** An event of a queue entry, if it is traced. */
    void event(MessageQueue q, QueueEntry e, String type, Object... pairs) {
        if (e.traced) {
            Map<String, Object> d = details(pairs);
            d.put("queue", q.name);
            event(e.messageId, type, q.address.name, d);
        }
    }

    /** A delivery of a traced entry. */
    void delivered(MessageQueue q, QueueEntry e, QueueConsumer c, long deliveryId) {
        if (e.traced) {
            event(q, e, MessageTrace.DELIVERED, "connection", c.session.connection().id(), "deliveryId", deliveryId,
                    "deliveryCount", (long) e.deliveryCount, "settled", c.preSettled ? "pre-settled" : null);
        }
    }

    /** Trace events dropped since the start (buffer full or a failed store batch). */
    long dropped() {
        return dropped.get();
    }

    /**
     * The events not written yet (in the buffer, or in a store batch that has not committed), in id order. A lookup
     * takes these before it reads the store and merges the two ({@link TraceEvents#merge}): an event that leaves the
     * buffer meanwhile is committed, so the store read finds it.
     */
    List<TraceEventRecord> pending() {
        List<TraceEventRecord> out = new ArrayList<>();
        for (Pending p : buffer) {
            out.add(record(p));
        }
        out.sort(Comparator.comparingLong(TraceEventRecord::id));
        return out;
    }

    /**
     * Takes an event into the buffer with the next event id. The id is taken once the event is admitted, so ids
     * follow the order events were recorded; two threads recording at once may put theirs in the buffer in the
     * other order, which only the order of rows within a batch sees.
     */
    private void offer(long brokerId, String type, String address, String messageId, String correlationId,
                       Map<String, Object> properties, Map<String, Object> details) {
        if (closed) {
            dropped.incrementAndGet(); // the engine stops: nothing will write it
            return;
        }
        if (buffered.incrementAndGet() > limits.buffer()) {
            buffered.decrementAndGet();
            drop(1, "the trace buffer (tracing.buffer = " + limits.buffer() + " events) is full: the store writes"
                    + " trace events slower than they come; trace fewer messages (tracing-sample) or raise"
                    + " tracing.buffer");
            return;
        }
        buffer.add(new Pending(ids.incrementAndGet(), brokerId, engine.now(), type, address, messageId, correlationId,
                properties, details));
        if (!flushing.get() && flushing.compareAndSet(false, true)) {
            executeOrStop();
        }
    }

    private void drop(int count, String why) {
        long total = dropped.addAndGet(count);
        long last = lastDropLog.get();
        long now = System.nanoTime();
        if (now - last >= DROP_LOG_NANOS && lastDropLog.compareAndSet(last, now)) {
            long since = total - droppedLogged.getAndSet(total);
            LOG.warn("{}: dropped {} message trace events ({} since the start): {}", engine, since, total, why);
        }
    }

    /**
     * Writes the first chunk of the buffer, and takes it out of the buffer once the batch committed or failed; runs
     * again when it is written while events wait. One flush at a time ({@link #flushing}) and only it takes events
     * out, so the chunk taken out is the one written.
     */
    private void flush() {
        List<TraceEventRecord> chunk = new ArrayList<>(Math.min(CHUNK, buffered.get()));
        for (Iterator<Pending> it = buffer.iterator(); chunk.size() < CHUNK && it.hasNext(); ) {
            chunk.add(record(it.next()));
        }
        chunk.sort(Comparator.comparingLong(TraceEventRecord::id)); // see offer: nearly sorted already
        if (chunk.isEmpty()) {
            flushing.set(false);
            if (!buffer.isEmpty() && flushing.compareAndSet(false, true)) {
                executeOrStop();
            }
            return;
        }
        try {
            engine.store().batch().addTraceEvents(chunk).commit().whenComplete((ok, failure) -> {
                written(chunk.size());
                if (failure != null) {
                    drop(chunk.size(), "the store did not take them: " + failure);
                }
                executeOrStop();
            });
        } catch (RuntimeException e) { // the store is closed
            written(chunk.size());
            drop(chunk.size(), "the store did not take them: " + e);
            flushing.set(false);
        }
    }

    /** The first {@code n} events of the buffer are in the store (or lost): out of the buffer with them. */
    private void written(int n) {
        for (int i = 0; i < n; i++) {
            buffer.poll();
            buffered.decrementAndGet();
        }
    }

    private void executeOrStop() {
        try {
            pool.execute(this::flush);
        } catch (RuntimeException stopped) { // the engine's pool is shut down
            flushing.set(false);
        }
    }

    private TraceEventRecord record(Pending p) {
        String properties = null;
        if (p.properties() != null && !p.properties().isEmpty()) {
            Map<String, Object> kept = new LinkedHashMap<>();
            int chars = 2;
            for (Map.Entry<String, Object> e : p.properties().entrySet()) {
                String value = String.valueOf(e.getValue());
                chars += e.getKey().length() + value.length() + 6;
                if (chars > MAX_PROPERTIES_CHARS) {
                    break;
                }
                kept.put(e.getKey(), value);
            }
            properties = TraceJson.write(kept);
        }
        return new TraceEventRecord(p.id(), p.brokerId(), p.time(), p.type(), p.address(),
                p.messageId(), p.correlationId(), properties, TraceJson.write(p.details()));
    }

    private void pruneWhenDue() {
        long now = engine.now();
        if (now - lastPrune < PRUNE_MILLIS || closed) {
            return;
        }
        lastPrune = now;
        try {
            engine.store().batch().pruneTrace(now - limits.retention().toMillis(), ids.get() - limits.maxEvents())
                    .commit().whenComplete((ok, failure) -> {
                        if (failure != null) {
                            LOG.debug("{}: pruning the message trace failed: {}", engine, failure.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("{}: pruning the message trace failed: {}", engine, e.toString());
        }
    }

    /** Writes what the buffer holds (waiting at most {@code millis}), then takes no more events. */
    void close(long millis) {
        closed = true;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while ((buffered.get() > 0 || flushing.get()) && System.nanoTime() < until) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
