package io.tributary.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.BrokerException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's single writer: takes every batch waiting when it becomes free and writes them in one database
 * transaction (group commit), then completes each batch's future.
 *
 * <p>Design note: there is no timer. A lone producer's batch is written at once; while a transaction is in
 * flight, new batches queue up and the next transaction takes them all (at most {@code maxOps} operations and
 * {@link #MAX_GROUP_BYTES} of messages),
 * so the group size follows the load by itself. When the connection breaks the writer keeps the group and
 * retries with backoff; producers stay unconfirmed (held back) until the database answers again or the outage
 * has lasted {@code outageLimit}, after which the group fails with STORE_FAILURE. When the database refuses a
 * group for another reason, each batch is retried alone so that one bad batch fails only itself.
 *
 * <p>Thread-safe: {@link #submit} from any thread; the writing happens on the one writer thread.
 */
final class GroupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWriter.class);
    private static final Pending STOP = new Pending(List.of(), 0, new CompletableFuture<>());
    /**
     * Most message bytes one transaction takes when batches are grouped. It bounds the heap the database needs
     * for a transaction: H2 keeps each deleted row twice until the commit (in the table's page and in the undo
     * log) and writes both out whenever a transaction's changes pass 1 MiB; at 16 MiB, draining 64 KiB messages
     * made it serialise a chunk of over 53 MiB in one buffer, and a 256 MiB heap ran out.
     */
    private static final long MAX_GROUP_BYTES = 4L * 1024 * 1024;
    private static final long MAX_BACKOFF_MS = 1000;

    private record Pending(List<Op> ops, long bytes, CompletableFuture<Void> done) {
    }

    private record Failure(Throwable cause, boolean connectionBroken) {
    }

    private final HikariDataSource dataSource;
    private final Statements sql;
    private final Dialect.AfterCommit afterCommit;
    private final String url;
    private final boolean groupCommit;
    private final int maxOps;
    private final Duration outageLimit;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    /** A running average of the message sizes added (a racy estimate is good enough). */
    private volatile long averageMessageSize = 1024;
    private long outageSince = -1;

    GroupWriter(HikariDataSource dataSource, Statements sql, Dialect.AfterCommit afterCommit, String url,
                boolean groupCommit, int maxOps, Duration outageLimit) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.afterCommit = afterCommit;
        this.url = url;
        this.groupCommit = groupCommit;
        this.maxOps = maxOps;
        this.outageLimit = outageLimit;
        this.thread = new Thread(this::run, "tributary-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a batch; the future completes when it is durable. */
    CompletableFuture<Void> submit(List<Op> ops) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(closedError());
        } else {
            queue.add(new Pending(ops, weigh(ops), done));
        }
        return done;
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
            thread.join();
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
            for (Pending first = queue.take(); first != STOP; first = queue.take()) {
                List<Pending> group = collect(first);
                try {
                    write(group);
                } catch (RuntimeException | Error e) {
                    LOG.error("store {}: the writer failed unexpectedly; failing {} batches", url, group.size(), e);
                    failAll(group, new BrokerException(BrokerException.Kind.STORE_FAILURE, "store writer for " + url
                            + " failed unexpectedly (" + e + "); the batch was not stored", e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.done().completeExceptionally(closedError());
        }
    }

    private List<Pending> collect(Pending first) {
        List<Pending> group = new ArrayList<>();
        group.add(first);
        int ops = first.ops().size();
        long bytes = first.bytes();
        while (groupCommit) {
            Pending next = queue.peek();
            if (next == null || next == STOP || ops + next.ops().size() > maxOps
                    || bytes + next.bytes() > MAX_GROUP_BYTES) {
                break;
            }
            group.add(queue.poll());
            ops += next.ops().size();
            bytes += next.bytes();
        }
        return group;
    }

    private void write(List<Pending> group) {
        long backoff = 10;
        while (true) {
            Failure failure = transact(group);
            if (failure == null) {
                if (outageSince >= 0) {
                    LOG.info("store {}: the database answers again after {} ms; writing resumed", url,
                            (System.nanoTime() - outageSince) / 1_000_000);
                    outageSince = -1;
                }
                batches.addAndGet(group.size());
                transactions.incrementAndGet();
                group.forEach(p -> p.done().complete(null));
                return;
            }
            if (!failure.connectionBroken()) {
                refused(group, failure.cause());
                return;
            }
            Jdbc.evictConnections(dataSource);
            if (outageSince < 0) {
                outageSince = System.nanoTime();
                LOG.warn("store {}: the database is unreachable ({}); holding {} batches and retrying for up to {}",
                        url, failure.cause().getMessage(), group.size() + queue.size(), outageLimit);
            }
            if (System.nanoTime() - outageSince > outageLimit.toNanos() || closed) {
                failAll(group, unreachable(failure.cause()));
                return;
            }
            pause(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    private void refused(List<Pending> group, Throwable cause) {
        if (group.size() > 1) {
            group.forEach(p -> write(List.of(p)));
            return;
        }
        String state = cause instanceof SQLException e ? ", SQLState " + e.getSQLState() : "";
        failAll(group, new BrokerException(BrokerException.Kind.STORE_FAILURE, "the database at " + url
                + " refused a store batch of " + group.get(0).ops().size() + " operations (" + cause.getMessage()
                + state + "); nothing of it was stored", cause));
    }

    private Failure transact(List<Pending> group) {
        try (Connection c = dataSource.getConnection()) {
            try {
                c.setAutoCommit(false);
                WritePlan plan = new WritePlan(sql, c);
                for (Pending p : group) {
                    for (Op op : p.ops()) {
                        plan.add(op);
                    }
                }
                plan.finish();
                c.commit();
                // A failure here leaves the group unconfirmed; writing it again is safe (idempotent writes).
                afterCommit.afterCommit(c);
                return null;
            } catch (SQLException | RuntimeException | AssertionError e) {
                // pgjdbc throws an AssertionError from executeBatch when the connection dies mid-batch.
                boolean broken = !Jdbc.rollbackQuietly(c);
                return new Failure(e, broken);
            }
        } catch (SQLException | RuntimeException | AssertionError e) {
            return new Failure(e, true);
        }
    }

    private void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BrokerException unreachable(Throwable cause) {
        long seconds = (System.nanoTime() - outageSince) / 1_000_000_000L;
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "the database at " + url
                + " is unreachable (for " + seconds + " s: " + cause.getMessage() + "); the batch was not stored."
                + " Check that the database is running and reachable; the broker resumes writing by itself when it"
                + " answers again", cause);
    }

    private BrokerException closedError() {
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "the store for " + url
                + " is closed; the batch was not stored");
    }

    private static void failAll(List<Pending> group, BrokerException e) {
        group.forEach(p -> p.done().completeExceptionally(e));
    }
}
