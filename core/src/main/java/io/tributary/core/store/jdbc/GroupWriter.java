package io.tributary.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.BrokerException;
import io.tributary.core.store.StoreObserver;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's single writer: takes every batch waiting when it becomes free and writes them in one database
 * transaction (group commit), then completes each batch's future.
 *
 * <p>Design note: there is no timer for sends. A lone producer's batch is written at once; while a transaction is
 * in flight, new batches queue up and the next transaction takes them all (at most {@code maxOps} operations and
 * {@link #MAX_GROUP_BYTES} of messages), so the group size follows the load by itself. A group of nothing but
 * {@code eventually} batches (acknowledgements, which nobody waits for) written to the database's tables waits up
 * to {@value #ACK_LINGER_MICROS} µs for a batch someone waits for: a consumer acknowledges just after a producer's
 * send was written, and without the wait the acknowledgements take a sync of their own that the next send then
 * waits behind. With a producer and a consumer on one queue this made one sync serve both, measured at about a
 * tenth more messages a second and less CPU per message. With the {@link MessageJournal}, acknowledgements and
 * delivery counts do not wake the writer at all: they ride with the next group (its one record and sync), and
 * when none comes the writer, which looks every {@value #IDLE_SYNC_MS} ms, appends them then. A group of nothing
 * but {@code eventually} batches is appended without a sync of its own: the next group's sync covers it, or one
 * {@value #IDLE_SYNC_MS} ms later (so a power loss can take back at most a fraction of a second of
 * acknowledgements nobody was promised; a process that dies loses none).
 *
 * <p>Futures complete on a thread of their own ({@code tributary-store-done}), in commit order: what waits for a
 * batch (routing a sent message to its consumers, confirming it to the client) then runs beside the next
 * transaction instead of before it.
 *
 * <p>When the database cannot be reached or cannot write (its disk is full), the writer keeps the group and
 * retries with backoff: an {@link Outage} starts, {@link #writing()} is false until two transactions in a row
 * commit, and producers stay unconfirmed (held back). Once the outage has lasted {@code outageLimit}, the writer
 * fails the batches someone waits for (sends, transactions) with STORE_FAILURE naming the cause, and every later
 * one at its first failed attempt, but keeps the batches committed with {@code eventually} (acknowledgements:
 * nobody could be told they were lost) until a write succeeds or the store closes; with nothing left to retry it
 * tries a one-row write each {@value #MAX_BACKOFF_MS} ms. When the database refuses a group for another reason,
 * each batch is retried alone so that one bad batch fails only itself.
 *
 * <p>Thread-safe: {@link #submit}, {@link #writing} and {@link #whenWriting} from any thread; the writing happens
 * on the one writer thread, which alone touches {@code backlog}.
 */
final class GroupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWriter.class);
    private static final Pending STOP = new Pending(List.of(), 0, new CompletableFuture<>(), false);
    /** Wakes the writer for the riders when that many wait (it takes them anyway every {@link #IDLE_SYNC_MS}). */
    private static final Pending NUDGE = new Pending(List.of(), 0, new CompletableFuture<>(), true);
    static final int MAX_RIDERS = 512;
    /**
     * Most message bytes one transaction takes when batches are grouped. It bounds the heap the database needs
     * for a transaction: H2 keeps each deleted row twice until the commit (in the table's page and in the undo
     * log) and writes both out whenever a transaction's changes pass 1 MiB; at 16 MiB, draining 64 KiB messages
     * made it serialise a chunk of over 53 MiB in one buffer, and a 256 MiB heap ran out.
     */
    private static final long MAX_GROUP_BYTES = 4L * 1024 * 1024;
    private static final long MAX_BACKOFF_MS = 1000;
    static final long ACK_LINGER_MICROS = 1000;
    /** How long journal records appended without a sync wait for the next group's sync before one of their own. */
    static final long IDLE_SYNC_MS = 100;
    /** How long {@link #close} waits for the writer to write what is queued. */
    private static final long CLOSE_WAIT_MS = 30_000;

    /** A batch; {@code eventually}: kept while the store cannot write, however long, instead of failed. */
    private record Pending(List<Op> ops, long bytes, CompletableFuture<Void> done, boolean eventually) {
    }

    /** What one transaction does on its connection. */
    private interface Work {
        void run(WriterConnection c) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final Statements sql;
    private final Dialect.AfterCommit afterCommit;
    private final String url;
    private final boolean groupCommit;
    private final int maxOps;
    private final Outage outage;
    /** The database's file (H2) or address, as outages name it. */
    private final String databaseLocation;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /**
     * Acknowledgements and delivery counts for the journal, taken with the next group instead of waking the
     * writer. They only ever name references already stored (a message is dispatched once its send is durable), so
     * writing them after batches submitted later changes nothing.
     */
    private final ConcurrentLinkedQueue<Pending> riders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger riderCount = new AtomicInteger();
    /** How long the idle writer waits before it appends the riders or syncs what it appended without a sync. */
    private volatile long idleMillis = IDLE_SYNC_MS;
    /** Batches taken from the queue (or kept through an outage) and not yet written, in order. */
    private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread thread;
    /** Completes the futures of written (or failed) batches, one at a time in order. */
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tributary-store-done");
        t.setDaemon(true);
        return t;
    });
    /** The HA lease every transaction proves it still holds, or null without HA. */
    private final StoreLease fence;
    /** Set once a transaction found the lease gone: every batch fails from then on. */
    private volatile boolean fenced;
    /** Where messages and references go instead of the database (H2 file stores), or null. */
    private final MessageJournal journal;
    /** The writer's connection between transactions; null until the first and after a failure. */
    private WriterConnection connection;
    /** Set on the writer thread once it took {@link #STOP}: it writes the backlog, then ends. */
    private boolean stopping;
    private volatile boolean closed;
    private final StoreObserver observer;
    /** A running average of the message sizes added (a racy estimate is good enough). */
    private volatile long averageMessageSize = 1024;

    GroupWriter(HikariDataSource dataSource, Statements sql, Dialect dialect, String url, boolean groupCommit,
                int maxOps, Duration outageLimit, StoreLease fence, StoreObserver observer, MessageJournal journal) {
        this.dataSource = dataSource;
        this.journal = journal;
        this.observer = observer;
        this.fence = fence;
        this.sql = sql;
        this.afterCommit = dialect.afterCommit();
        this.url = url;
        this.groupCommit = groupCommit;
        this.maxOps = maxOps;
        this.databaseLocation = dialect.location(url);
        this.outage = new Outage(url, databaseLocation, outageLimit);
        this.thread = new Thread(this::run, "tributary-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a batch; the future completes when it is durable. An {@code eventually} batch is not failed by an
     * outage, only by the store closing first.
     */
    CompletableFuture<Void> submit(List<Op> ops, boolean eventually) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(closedError());
        } else if (fenced) {
            done.completeExceptionally(fencedError());
        } else if (eventually && journal != null && rides(ops)) {
            riders.add(new Pending(ops, weigh(ops), done, true));
            if (riderCount.incrementAndGet() == MAX_RIDERS) {
                queue.add(NUDGE);
            }
        } else {
            queue.add(new Pending(ops, weigh(ops), done, eventually));
        }
        return done;
    }

    /** Sets how long the idle writer waits for a group before it writes the riders ({@value #IDLE_SYNC_MS} ms). */
    void idleMillis(long millis) {
        this.idleMillis = millis;
    }

    /** Only removals and delivery counts: what may wait for the next group ({@link #riders}). */
    private static boolean rides(List<Op> ops) {
        for (Op op : ops) {
            if (!(op instanceof Op.RemoveReference) && !(op instanceof Op.UpdateDeliveryCount)) {
                return false;
            }
        }
        return !ops.isEmpty();
    }

    /** Batches queued for the writer, not yet taken into a transaction (the backlog is the writer's own). */
    int pending() {
        return queue.size() + riderCount.get();
    }

    /** False while the writer cannot write (an outage: it retries a failed write). */
    boolean writing() {
        return !outage.active();
    }

    /** Runs {@code task} once the writer writes again: at once, or on the writer thread. The task must be quick. */
    void whenWriting(Runnable task) {
        outage.whenOver(task);
    }

    /**
     * The bytes a batch makes the database hold until commit: the messages it adds, and for each message it may
     * delete the average message size (the database keeps deleted rows for rollback until the commit).
     */
    private long weigh(List<Op> ops) {
        long bytes = 0;
        for (Op op : ops) {
            if (op instanceof Op.AddMessage m) {
                bytes += m.encoded().length;
                averageMessageSize += (m.encoded().length - averageMessageSize) / 16;
            } else if (op instanceof Op.RemoveReference) {
                bytes += averageMessageSize;
            } else if (op instanceof Op.Stream stream && stream.op() instanceof StreamOp.Append append) {
                bytes += append.encoded().length;
            }
        }
        return bytes;
    }

    /** Writes what is queued, then stops the writer thread. */
    void close() {
        closed = true;
        queue.add(STOP);
        closing.countDown();
        try {
            thread.join(CLOSE_WAIT_MS);
            if (thread.isAlive()) {
                StackTraceElement[] at = thread.getStackTrace();
                LOG.warn("store {}: the writer did not finish within {} s (it is in {}); closing without it: what it"
                        + " has not written is not confirmed", url, CLOSE_WAIT_MS / 1000,
                        at.length == 0 ? "an unknown place" : at[0].toString());
                return; // the completer stays for the writer, which may still complete or fail what it holds
            }
            completer.shutdown();
            completer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long transactions() {
        return transactions.get();
    }

    long batches() {
        return batches.get();
    }

    private void run() {
        try {
            while (!stopping || !backlog.isEmpty() || !riders.isEmpty()) {
                if (!stopping) {
                    Pending next = nextBatch();
                    if (next == STOP) {
                        stopping = true;
                    } else if (next != null && next != NUDGE) {
                        backlog.addLast(next);
                    }
                }
                takeRiders();
                if (!backlog.isEmpty()) {
                    writeSafely(collect());
                } else if (outage.active() && !stopping) {
                    probe();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropConnection();
        takeRiders();
        backlog.addAll(queue);
        backlog.removeIf(p -> p == NUDGE);
        failAll(List.copyOf(backlog), closedError());
        outage.stopped();
    }

    /** The next queued batch: waits for one when idle, a retry pause during an outage, not at all otherwise. */
    private Pending nextBatch() throws InterruptedException {
        if (backlog.isEmpty() && !outage.active()) {
            if (journal == null) {
                return queue.take();
            }
            Pending next = queue.poll(idleMillis, TimeUnit.MILLISECONDS);
            if (next == null && riders.isEmpty() && journal.unsynced()) {
                syncJournal();
            }
            return next;
        }
        return queue.poll(outage.active() && !outage.confirming() ? MAX_BACKOFF_MS : 0, TimeUnit.MILLISECONDS);
    }

    /** Moves the riders waiting into the backlog (ahead of nothing they depend on: see {@link #riders}). */
    private void takeRiders() {
        Pending p;
        while ((p = riders.poll()) != null) {
            riderCount.decrementAndGet();
            backlog.addLast(p);
        }
    }

    /** Takes the next group from the backlog, then from the queue, within the group bounds (at least one). */
    private List<Pending> collect() throws InterruptedException {
        List<Pending> group = new ArrayList<>();
        group.add(backlog.poll());
        int ops = group.get(0).ops().size();
        long bytes = group.get(0).bytes();
        boolean lingering = groupCommit && journal == null && group.get(0).eventually() && !outage.active();
        long lingerUntil = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(ACK_LINGER_MICROS);
        while (groupCommit) {
            boolean fromBacklog = !backlog.isEmpty();
            Pending next = fromBacklog ? backlog.peek() : queue.peek();
            if (next == null && lingering && !stopping) {
                lingering = awaitBatch(lingerUntil);
                continue;
            }
            if (next == null || next == STOP || ops + next.ops().size() > maxOps
                    || bytes + next.bytes() > MAX_GROUP_BYTES) {
                break;
            }
            group.add(fromBacklog ? backlog.poll() : queue.poll());
            ops += next.ops().size();
            bytes += next.bytes();
            lingering &= next.eventually();
        }
        return group;
    }

    /** Waits until {@code deadline} for a batch and puts it in the backlog; false if none came (or the stop). */
    private boolean awaitBatch(long deadline) throws InterruptedException {
        Pending taken = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (taken == STOP) {
            stopping = true;
        } else if (taken != null) {
            backlog.addLast(taken);
        }
        return taken != null && taken != STOP;
    }

    private void writeSafely(List<Pending> group) {
        List<Pending> later;
        try {
            later = write(group);
        } catch (RuntimeException | Error e) {
            LOG.error("store {}: the writer failed unexpectedly; failing {} batches", url, group.size(), e);
            failAll(group, new BrokerException(BrokerException.Kind.STORE_FAILURE, "store writer for " + url
                    + " failed unexpectedly (" + e + "); the batch was not stored", e));
            return;
        }
        for (int i = later.size() - 1; i >= 0; i--) {
            backlog.addFirst(later.get(i));
        }
    }

    /** Writes a group; answers the batches to write later (kept through an outage), in order. */
    private List<Pending> write(List<Pending> group) {
        long backoff = 10;
        while (true) {
            if (fenced) {
                failAll(group, fencedError());
                return List.of();
            }
            long started = System.nanoTime();
            Fault fault = journal == null
                    ? transact(c -> plan(c, group.stream().flatMap(p -> p.ops().stream()).toList()))
                    : writeWithJournal(group);
            if (fault == null) {
                observer.committed(group.size(), group.stream().mapToInt(p -> p.ops().size()).sum(),
                        System.nanoTime() - started);
                batches.addAndGet(group.size());
                completer.execute(() -> group.forEach(p -> p.done().complete(null)));
                reclaimJournal();
                return List.of();
            }
            if (fenced) {
                continue; // fails the group above
            }
            if (!fault.retryable()) {
                return refused(group, fault);
            }
            outage.failed(fault, group.size() + backlog.size() + queue.size());
            if (outage.overLimit() || closed) {
                return giveUp(group);
            }
            pause(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /**
     * Writes a group through the journal: its messages and references as one journal record and one sync; the
     * rest (if any) in one database transaction after it, which also sets the record's marker, so that the
     * record counts only if that transaction committed (see {@link MessageJournal}). Answers null, or the fault.
     */
    private Fault writeWithJournal(List<Pending> group) {
        List<Op> kept = new ArrayList<>();
        List<Op> rest = new ArrayList<>();
        for (Pending p : group) {
            for (Op op : p.ops()) {
                if (MessageJournal.keeps(op)) {
                    kept.add(op);
                }
                if (!MessageJournal.keeps(op) || MessageJournal.shares(op)) {
                    rest.add(op);
                }
            }
        }
        if (kept.isEmpty()) {
            return transact(c -> plan(c, rest));
        }
        long marker = rest.isEmpty() ? 0 : journal.nextMarker();
        boolean sync = !rest.isEmpty() || !group.stream().allMatch(Pending::eventually);
        MessageJournal.Appended appended;
        try {
            appended = journal.append(kept, marker, sync);
        } catch (IOException | RuntimeException e) {
            Fault fault = Fault.of(e, false);
            LOG.debug("store {}: the journal could not write ({})", url, fault.reason());
            outage.locate(journal.directory() + " (the message journal)");
            return fault;
        }
        if (rest.isEmpty()) {
            transactions.incrementAndGet();
            outage.committed();
        } else {
            List<Long> voids = journal.voidsToRecord();
            Fault fault = transact(c -> {
                plan(c, rest);
                PreparedStatement ps = c.prepare(sql.writeProbe());
                ps.setString(1, Schema.JOURNAL_MARKER);
                ps.setLong(2, marker);
                ps.executeUpdate();
                for (long v : voids) {
                    ps.setString(1, Schema.JOURNAL_VOID + v);
                    ps.setLong(2, v);
                    ps.executeUpdate();
                }
            });
            if (fault != null) {
                journal.voidMarker(marker);
                return fault;
            }
            journal.voidsRecorded(voids);
        }
        journal.apply(appended);
        return null;
    }

    /** Writes {@code ops} in one plan on the writer's connection (the caller's transaction). */
    private void plan(WriterConnection c, List<Op> ops) throws SQLException {
        WritePlan plan = new WritePlan(sql, c);
        for (Op op : ops) {
            plan.add(op);
        }
        plan.finish();
    }

    /** Syncs journal records appended without a sync (a failure is retried with the next group's sync). */
    private void syncJournal() {
        try {
            journal.sync();
        } catch (IOException e) {
            LOG.warn("store {}: the journal could not sync acknowledgements ({}); the next write starts a new segment"
                    + " (a power loss now could bring their messages back)", url, Fault.reason(e));
        }
    }

    /** Frees journal space after a group (a failure is retried after the next group). */
    private void reclaimJournal() {
        if (journal == null) {
            return;
        }
        try {
            journal.reclaim();
        } catch (IOException | RuntimeException e) {
            LOG.warn("store {}: the journal could not free space ({}); it tries again after the next write", url,
                    Fault.reason(e));
        }
    }

    /** The outage limit passed (or the store closes): fails what someone waits for, keeps the rest. */
    private List<Pending> giveUp(List<Pending> group) {
        BrokerException error = outage.error(closed);
        List<Pending> kept = new ArrayList<>();
        for (Pending p : group) {
            if (p.eventually() && !closed) {
                kept.add(p);
            } else {
                failAll(List.of(p), error);
            }
        }
        if (!closed) {
            outage.givingUp(group.size() - kept.size(), kept.size());
        }
        return kept;
    }

    private List<Pending> refused(List<Pending> group, Fault fault) {
        if (group.size() == 1) {
            String state = fault.cause() instanceof SQLException e ? ", SQLState " + e.getSQLState() : "";
            failAll(group, new BrokerException(BrokerException.Kind.STORE_FAILURE, "the database at " + url
                    + " refused a store batch of " + group.get(0).ops().size() + " operations (" + fault.reason()
                    + state + "); nothing of it was stored", fault.cause()));
            return List.of();
        }
        List<Pending> later = new ArrayList<>();
        for (Pending p : group) {
            if (later.isEmpty()) {
                later.addAll(write(List.of(p)));
            } else {
                later.add(p); // an outage began: keep the order, the next round writes (or fails) them
            }
        }
        return later;
    }

    /** With nothing to retry during an outage: the smallest real write, to learn when writing works again. */
    private void probe() {
        Fault fault = transact(c -> {
            PreparedStatement ps = c.prepare(sql.writeProbe());
            ps.setString(1, Schema.WRITE_PROBE);
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
        });
        if (fault != null) {
            outage.failed(fault, 0);
        }
    }

    /** Runs {@code work} in one transaction and commits; answers null, or why it failed (an outage goes on). */
    private Fault transact(Work work) {
        Fault fault = attempt(work);
        if (fault != null) {
            outage.locate(databaseLocation);
        }
        if (fault == null) {
            transactions.incrementAndGet();
            outage.committed();
        } else if (fault.retryable()) {
            Jdbc.evictConnections(dataSource);
        }
        return fault;
    }

    private Fault attempt(Work work) {
        WriterConnection c;
        try {
            if (connection == null) {
                connection = new WriterConnection(dataSource.getConnection());
            }
            c = connection;
        } catch (SQLException | RuntimeException | AssertionError e) {
            return Fault.of(e, true);
        }
        try {
            if (fence != null) {
                proveLive(c);
            }
            work.run(c);
            c.commit();
            // A failure here leaves the group unconfirmed; writing it again is safe (idempotent writes).
            afterCommit.afterCommit(c);
            return null;
        } catch (SQLException | RuntimeException | AssertionError e) {
            // pgjdbc throws an AssertionError from executeBatch when the connection dies mid-batch.
            boolean broken = !Jdbc.rollbackQuietly(c.connection());
            Fault fault = Fault.of(e, broken);
            if (broken || fault.retryable()) {
                dropConnection(); // a new one next time (H2 reopens its file only once every session closed)
            }
            return fault;
        }
    }

    /**
     * Locks the lease row in shared mode and proves it still names this node's epoch: a takeover waits for this
     * transaction, and this transaction fails if one came first (see {@link StoreLease}).
     */
    private void proveLive(WriterConnection c) throws SQLException {
        PreparedStatement ps = c.prepare(StoreLease.FENCE);
        ps.setString(1, fence.nodeId());
        ps.setLong(2, fence.epoch());
        boolean holds;
        try (ResultSet rs = ps.executeQuery()) {
            holds = rs.next();
        }
        if (!holds) {
            fenced = true;
            fence.lost("the store's lease (epoch " + fence.epoch() + ") expired or another node took it over");
            throw new SQLException("fenced: node " + fence.nodeId() + " no longer holds the store's lease");
        }
    }

    private BrokerException fencedError() {
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "this broker (node " + fence.nodeId()
                + ") is no longer the live node: its lease on the store at " + url + " expired or another node took"
                + " over; the batch was not stored. Reconnect: the live node serves");
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BrokerException closedError() {
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "the store for " + url
                + " is closed; the batch was not stored");
    }

    /** Fails the batches on the completer thread, after the batches written before them completed. */
    private void failAll(List<Pending> group, BrokerException e) {
        completer.execute(() -> group.forEach(p -> p.done().completeExceptionally(e)));
    }
}
