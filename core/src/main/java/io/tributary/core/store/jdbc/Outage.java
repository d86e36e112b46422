package io.tributary.core.store.jdbc;

import io.tributary.core.BrokerException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store writer's state while it cannot write (the database is unreachable, or it cannot write: disk full), from
 * the first failed transaction to the next one that commits: what went wrong, since when, and who waits for the
 * end. It writes the log: one line when the outage starts, whose first words name the root cause, one when the
 * outage limit passes, one when writing resumes; never a line per batch, and at most one start and one limit line
 * every ten seconds (a nearly full disk fails and succeeds by turns: the next start line counts the outages between).
 *
 * <p>Thread model: {@link #failed}, {@link #committed}, {@link #overLimit}, {@link #givingUp} and {@link #error}
 * are called by the writer thread only; {@link #active} and {@link #whenOver} from any thread.
 */
final class Outage {

    private static final Logger LOG = LoggerFactory.getLogger(GroupWriter.class);
    /** At most one outage start (and one limit line) is logged in this time; the others are counted. */
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String url;
    /** What the last failed write could not write: the database's file, or the message journal (writer thread). */
    private String location;
    private final Duration limit;
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean active;
    private long since = -1;
    private Fault fault;
    /** The last disk error and when (H2 answers "The database has been closed" for a while after one). */
    private Fault lastDiskFault;
    private long lastDiskFaultAt;
    private boolean startReported;
    private boolean confirming;
    private boolean limitReported;
    private long lastStartReport = System.nanoTime() - REPORT_INTERVAL_NANOS;
    private long lastLimitReport = System.nanoTime() - REPORT_INTERVAL_NANOS;
    /** Outages started (and ended) since the last reported start: a disk that is nearly full fails on and off. */
    private int unreportedStarts;

    Outage(String url, String location, Duration limit) {
        this.url = url;
        this.location = location;
        this.limit = limit;
    }

    /** Names what the next failure reported could not write (see {@link #failed}). */
    void locate(String where) {
        this.location = where;
    }

    /** True from a failed transaction (a retryable fault) to the second in a row that commits. */
    boolean active() {
        return active;
    }

    /** Runs {@code task} when no outage is active: at once, or on the writer thread when a write next succeeds. */
    void whenOver(Runnable task) {
        if (!active) {
            task.run();
            return;
        }
        waiters.add(task);
        if (!active) {
            runWaiters();
        }
    }

    /** A transaction failed with a retryable fault while {@code holding} batches wait: starts or continues. */
    void failed(Fault f, int holding) {
        long now = System.nanoTime();
        if (f.kind() == Fault.Kind.CANNOT_WRITE) {
            lastDiskFault = f;
            lastDiskFaultAt = now;
        } else if (lastDiskFault != null && (since >= 0 && lastDiskFaultAt >= since
                || now - lastDiskFaultAt < REPORT_INTERVAL_NANOS)) {
            f = lastDiskFault; // a disk error is the cause; what follows it (H2 closed the database) is not
        }
        fault = f;
        confirming = false;
        if (since >= 0) {
            return;
        }
        since = now;
        active = true;
        startReported = now - lastStartReport >= REPORT_INTERVAL_NANOS;
        if (!startReported) {
            unreportedStarts++;
            return;
        }
        lastStartReport = now;
        String trouble = f.kind() == Fault.Kind.CANNOT_WRITE
                ? "cannot write " + location + ": " + f.reason() + " (" + f.advice() + ")"
                : "the database is unreachable: " + f.reason();
        String earlier = unreportedStarts == 0 ? "" : " (" + unreportedStarts + " shorter outages since the last"
                + " report)";
        unreportedStarts = 0;
        LOG.warn("store {}: {}. Holding {} batches and retrying for up to {}; deliveries of stored messages pause"
                + " until a write succeeds{}", url, trouble, holding, words(limit), earlier);
    }

    /** True when a write succeeded after failures and the next one decides whether the outage is over. */
    boolean confirming() {
        return confirming;
    }

    /** Whether the outage has lasted longer than the limit. */
    boolean overLimit() {
        return since >= 0 && System.nanoTime() - since > limit.toNanos();
    }

    /** The writer fails {@code failing} batches and keeps {@code keeping} to write later; logged once an outage. */
    void givingUp(int failing, int keeping) {
        long now = System.nanoTime();
        if (limitReported || now - lastLimitReport < REPORT_INTERVAL_NANOS) {
            return;
        }
        limitReported = true;
        lastLimitReport = now;
        LOG.warn("store {}: still cannot write after {} ({}); failing the {} sends and transactions held for it and,"
                + " until a write succeeds, each new one at its first failed attempt; keeping {} acknowledgements and"
                + " other background writes to write then", url, words(elapsed()), fault.reason(), failing, keeping);
    }

    /**
     * A transaction committed. The first after failures only makes the outage {@link #confirming}: a nearly full
     * disk lets a small write through now and then (H2 reuses the end of its file after it reopens it), so the
     * outage ends, and deliveries resume, with the second commit in a row.
     */
    void committed() {
        if (since < 0) {
            return;
        }
        if (!confirming) {
            confirming = true;
            return;
        }
        if (startReported || limitReported) {
            LOG.info("store {}: writing again after {}", url, words(elapsed()));
        }
        since = -1;
        confirming = false;
        limitReported = false;
        active = false;
        runWaiters();
    }

    /** The writer stops: runs who waited (the store is gone; they find it closed). */
    void stopped() {
        active = false;
        runWaiters();
    }

    /** The error of a batch given up on: what is wrong, for how long, what to do; in words, for clients too. */
    BrokerException error(boolean closed) {
        String cause = fault.kind() == Fault.Kind.CANNOT_WRITE
                ? "the store cannot write " + location + " (" + fault.reason() + "; " + fault.advice() + ")"
                : "the database at " + url + " is unreachable (" + fault.reason() + ")";
        String message = closed
                ? cause + " and the store was closed; the batch was not stored"
                : cause + " and has been for " + words(elapsed()) + "; the batch was not stored. "
                + (fault.kind() == Fault.Kind.CANNOT_WRITE ? "The broker writes again by itself once it can"
                : "Check that the database is running and reachable; the broker resumes writing by itself when it"
                + " answers again");
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, message, fault.cause());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private void runWaiters() {
        for (Runnable task = waiters.poll(); task != null; task = waiters.poll()) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("store {}: a task waiting for the store to write again failed", url, e);
            }
        }
    }

    /** {@code 800 ms}, {@code 30 s}. */
    static String words(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}
