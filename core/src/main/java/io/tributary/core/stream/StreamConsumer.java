package io.tributary.core.stream;

import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.MessageTrace;
import io.tributary.core.Outcome;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.selector.MessageFilterable;
import io.tributary.core.selector.Selector;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader of a stream: credit, drain, the deliveries not yet settled, and the dispatch loop that hands
 * entries to the sink. What it reads next and what a settlement means is up to the subclass: a
 * {@link PlainReader} keeps its own position per partition, a {@link GroupMember} reads the partitions its
 * {@link ConsumerGroup} assigns it and commits offsets on acknowledgement.
 *
 * <p>Thread model: the mutable fields are guarded by {@link #lock()} (the reader itself, or its group).
 * The sink is called only from the reader's serial executor, never under the lock. Public methods may be
 * called from any thread.
 */
abstract class StreamConsumer implements Consumer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
    private static final int BATCH = 64;

    /** What {@link #next()} picked: a message at a position, with its delivery count. */
    record Read(StreamPosition position, Message message, int deliveryCount) {
    }

    final StreamLog stream;
    final DeliverySink sink;
    final boolean preSettled;
    private final Selector selector;
    private final Runnable onClose;
    private final Executor serial;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean waitingForStore = new AtomicBoolean();
    private volatile boolean wantsMore;
    /** Asks for a dispatch once a segment this reader waits for is read back from the store. */
    final Runnable afterLoad = this::requestDispatch;
    /** Where a transacted settlement waits for its transaction (set once after construction). */
    volatile StreamTransactions transactions;
    /** The id of the connection that reads, for the trace (set once after construction). */
    volatile String connection;

    // guarded by lock()
    int credit;
    boolean draining;
    boolean closed;
    /** The last dispatch stopped at an entry whose segment is being read back from a store that works. */
    boolean loading;
    long lastDeliveryId;
    final Map<Long, StreamPosition> unsettled = new HashMap<>();

    StreamConsumer(StreamLog stream, DeliverySink sink, boolean preSettled, Selector selector, Runnable onClose) {
        this.stream = stream;
        this.sink = sink;
        this.preSettled = preSettled;
        this.selector = selector;
        this.onClose = onClose;
        this.serial = stream.host.serialExecutor("stream " + stream.name + " reader");
    }

    /** The monitor guarding this reader's state. */
    abstract Object lock();

    /** Under the lock: the next entry to deliver (advancing the position), or null when none is readable. */
    abstract Read next();

    /** Under the lock: a delivery at {@code position} was settled with {@code outcome}. */
    abstract void settled(StreamPosition position, Outcome outcome);

    /** Under the lock: a delivery settled in a transaction that rolled back. */
    void rolledBack(StreamPosition position) {
    }

    /** Under the lock: {@code tx} commits; add what its settlement at {@code position} stores to {@code batch}. */
    void prepared(TransactionId tx, StreamPosition position, Outcome outcome, Supplier<StoreBatch> batch) {
    }

    /** Under the lock: {@code tx} ended (committed or not); forget what {@link #prepared} kept for it. */
    void ended(TransactionId tx, boolean committed) {
    }

    /** Under the lock: a settled delivery id that is no longer outstanding but must not fail (moved away). */
    boolean forgiven(long deliveryId) {
        return false;
    }

    /** After the lock of a settlement: follow-up work such as storing a committed offset. */
    void afterSettle() {
    }

    /**
     * Whether this reader's acknowledgements are stored (a member of a durable group on a persistent stream): its
     * deliveries then wait while the store cannot write, so that a restart cannot read again more than was
     * delivered before.
     */
    boolean storesAcknowledgements() {
        return false;
    }

    /** Takes the reader out of its stream or group; called once on close. */
    abstract void detach();

    /** The consumer group this reader is a member of, or null. */
    String groupName() {
        return null;
    }

    /** Under the lock: records the read of {@code r}, delivered as {@code deliveryId}, if its entry is traced. */
    private void traceRead(Read r, long deliveryId) {
        long traceId = stream.traceId(r.position());
        if (traceId != 0) {
            stream.host.traceEvent(traceId, stream.name, MessageTrace.READ, "group", groupName(),
                    "partition", (long) r.position().partition(), "offset", r.position().offset(),
                    "connection", connection, "deliveryId", deliveryId, "deliveryCount", (long) r.deliveryCount(),
                    "settled", preSettled ? "pre-settled" : null);
        }
    }

    /** Under the lock: records a group member's settlement at {@code pos}, if its entry is traced. */
    private void traceSettled(StreamPosition pos, String outcome) {
        String group = groupName();
        long traceId = group == null ? 0 : stream.traceId(pos);
        if (traceId != 0) {
            stream.host.traceEvent(traceId, stream.name, MessageTrace.SETTLED, "outcome", outcome, "group", group,
                    "partition", (long) pos.partition(), "offset", pos.offset(), "connection", connection);
        }
    }

    private static String name(Outcome outcome) {
        return outcome.type().name().toLowerCase(Locale.ROOT);
    }

    /** Where the last {@link #scan} stopped: the found offset, or the offset to continue from. */
    long scanEnd;

    /**
     * Under the lock: the first entry of {@code part} at or after {@code from} that is not a hole and that
     * the selector lets through, or null. Offsets gone by retention are skipped to the log start. Also null when
     * the scan reaches a segment being read back from the store ({@link #loading}; {@link #scanEnd} is then that
     * entry): the reader is dispatched again once it is in the heap.
     */
    final Read scan(Partition part, long from) {
        long o = Math.max(from, part.start());
        long end = part.end();
        while (o < end) {
            Message m = part.read(o, afterLoad);
            if (m == Partition.LOADING) {
                loading = !part.readsFailing(); // a drain waits for a read, not for a store that fails
                scanEnd = o;
                return null;
            }
            if (m != null && (selector == null || selector.matches(MessageFilterable.of(m, 0)))) {
                scanEnd = o;
                return new Read(new StreamPosition(part.id, o), m, 0);
            }
            o = Math.max(o + 1, part.start());
        }
        scanEnd = o;
        return null;
    }

    @Override
    public String queueName() {
        return stream.name;
    }

    @Override
    public void addCredit(int more) {
        if (more < 0) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "consumer on stream " + stream.name
                    + ": credit " + more + " is negative; grant 0 or more");
        }
        synchronized (lock()) {
            checkOpen();
            credit = (int) Math.min(Integer.MAX_VALUE, (long) credit + more);
            wantsMore = credit > 0;
        }
        requestDispatch();
    }

    @Override
    public int credit() {
        synchronized (lock()) {
            return credit;
        }
    }

    @Override
    public void drain() {
        synchronized (lock()) {
            checkOpen();
            draining = true;
        }
        requestDispatch();
    }

    private void checkOpen() {
        if (closed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "consumer on stream " + stream.name
                    + " is closed; open a new consumer");
        }
    }

    /**
     * Settles a delivery. Non-group readers accept every outcome and move on (reading never removes);
     * group members commit on accept or reject and re-read on release or modify.
     *
     * <p>In a transaction the settlement waits: a group member's committed offset is written in the
     * transaction's own store batch, and the settlement applies when the transaction commits; on rollback
     * a group member reads the message again.
     */
    @Override
    public void settle(long deliveryId, Outcome outcome, TransactionId tx) {
        if (outcome == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "consumer on stream " + stream.name
                    + ": settle of delivery " + deliveryId + " has no outcome");
        }
        if (tx != null && transactions == null) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "consumer on stream " + stream.name
                    + " was opened without transactions; settle delivery " + deliveryId + " outside a transaction");
        }
        StreamPosition p;
        synchronized (lock()) {
            p = unsettled.remove(deliveryId);
            if (p == null) {
                if (forgiven(deliveryId)) {
                    return;
                }
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "consumer on stream " + stream.name
                        + ": delivery " + deliveryId + " is not outstanding (never delivered or already settled"
                        + (closed ? ", or the consumer is closed)" : ")") + "; settle each delivery once");
            }
            if (tx == null) {
                traceSettled(p, name(outcome)); // before what it leads to (given-up)
                settled(p, outcome);
            }
        }
        if (tx == null) {
            afterSettle();
            return;
        }
        try {
            transactions.enlist(tx, new StreamTransactions.Held() {
                @Override
                public void prepare(Supplier<StoreBatch> batch) {
                    synchronized (lock()) {
                        prepared(tx, p, outcome, batch);
                    }
                }

                @Override
                public void commit() {
                    synchronized (lock()) {
                        ended(tx, true);
                        traceSettled(p, name(outcome));
                        settled(p, outcome);
                    }
                    afterSettle();
                }

                @Override
                public void rollback() {
                    synchronized (lock()) {
                        ended(tx, false);
                        rolledBack(p);
                        traceSettled(p, "rolled back");
                    }
                }
            });
        } catch (RuntimeException e) {
            synchronized (lock()) {
                unsettled.put(deliveryId, p);
            }
            throw e;
        }
    }


    @Override
    public void close() {
        shutDown();
    }

    /** Closed by the engine (stream deleted, engine stopped): tells the sink. */
    void closeBy(BrokerException cause) {
        if (!shutDown()) {
            return;
        }
        serial.execute(() -> {
            try {
                sink.closed(cause);
            } catch (RuntimeException e) {
                LOG.warn("stream {}: consumer sink failed on closed", stream.name, e);
            }
        });
    }

    /** Closes once: answers false when already closed. */
    private boolean shutDown() {
        synchronized (lock()) {
            if (closed) {
                return false;
            }
            closed = true;
            credit = 0;
            wantsMore = false;
        }
        detach();
        onClose.run();
        return true;
    }

    /** New entries may be readable: dispatch if this reader has credit. */
    void wake() {
        if (wantsMore) {
            requestDispatch();
        }
    }

    final void requestDispatch() {
        if (scheduled.compareAndSet(false, true)) {
            serial.execute(this::dispatch);
        }
    }

    /**
     * Under the lock: {@link #next()}, or null when it failed (a bug or a corrupt entry: store reads do not run
     * here): what was picked so far is still delivered, and the reader tries again when woken or given credit.
     */
    private Read nextOrNull() {
        try {
            return next();
        } catch (RuntimeException e) {
            LOG.warn("stream {}: a reader could not read on ({}); it retries on the next append or credit",
                    stream.name, e.getMessage(), e);
            return null;
        }
    }

    /** True (and dispatch asked for once the store writes again) while this reader waits for the store. */
    private boolean waitsForStore() {
        if (!storesAcknowledgements() || stream.host.store().writing()) {
            return false;
        }
        if (waitingForStore.compareAndSet(false, true)) {
            stream.host.store().whenWriting(() -> {
                waitingForStore.set(false);
                requestDispatch();
            });
        }
        return true;
    }

    private void dispatch() {
        scheduled.set(false);
        if (waitsForStore()) {
            return;
        }
        boolean more;
        do {
            List<Delivery> out = new ArrayList<>();
            boolean drainedNow = false;
            synchronized (lock()) {
                if (closed) {
                    return;
                }
                loading = false;
                Read r = null;
                while (credit > 0 && out.size() < BATCH && (r = nextOrNull()) != null) {
                    credit--;
                    long id = ++lastDeliveryId;
                    if (preSettled) {
                        settled(r.position(), Outcome.ACCEPTED);
                    } else {
                        unsettled.put(id, r.position());
                    }
                    out.add(new Delivery(id, r.message(), r.deliveryCount(), preSettled));
                    traceRead(r, id);
                }
                more = credit > 0 && r != null;
                if (draining && !more && !loading) { // a drain ends only after what is being read back
                    draining = false;
                    credit = 0;
                    drainedNow = true;
                }
                wantsMore = credit > 0;
            }
            for (Delivery d : out) {
                try {
                    sink.deliver(d);
                } catch (RuntimeException e) {
                    LOG.warn("stream {}: consumer sink failed on delivery {}", stream.name, d.id(), e);
                }
            }
            if (preSettled && !out.isEmpty()) {
                afterSettle();
            }
            if (drainedNow) {
                try {
                    sink.drained();
                } catch (RuntimeException e) {
                    LOG.warn("stream {}: consumer sink failed on drained", stream.name, e);
                }
            }
        } while (more);
    }
}
