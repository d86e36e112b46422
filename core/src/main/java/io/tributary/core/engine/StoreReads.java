package io.tributary.core.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's executor for blocking store reads: queue page-ins ({@link Pager}), browsing the paged-out part of a
 * queue ({@link BrowseCursor}) and stream segments read back from the store. {@link #THREADS} threads
 * ({@code tributary-N-store-read-K}) and at most {@link #MAX_WAITING} reads waiting, so a slow or unreachable
 * database holds up these reads only, never the dispatch pool that serves every queue.
 *
 * <p>A read beyond the bound is not lost: it is submitted again a second later (one WARN line when reads start
 * being put off, one INFO line when they are taken again). After the engine stopped reads are dropped.
 *
 * <p>Thread-safe.
 */
final class StoreReads implements Executor, AutoCloseable {

    static final int THREADS = 2;
    static final int MAX_WAITING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StoreReads.class);

    private final String engineName;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean puttingOff = new AtomicBoolean();

    StoreReads(String engineName) {
        this.engineName = engineName;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), r -> {
                    Thread t = new Thread(r, engineName + "-store-read-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs {@code read} on a store-read thread; with {@link #MAX_WAITING} reads waiting, a second later. */
    @Override
    public void execute(Runnable read) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.execute(read);
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                return;
            }
            if (puttingOff.compareAndSet(false, true)) {
                LOG.warn("{}: {} store reads (page-ins, browsing) are waiting: the store answers too slowly; further "
                        + "reads are put off by a second each until the store catches up", engineName, MAX_WAITING);
            }
            later(read);
            return;
        }
        if (puttingOff.get() && puttingOff.compareAndSet(true, false)) {
            LOG.info("{}: store reads are taken again", engineName);
        }
    }

    /** Runs {@code read} on a store-read thread a second from now (a retry after a failed read). */
    void later(Runnable read) {
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, this).execute(read);
    }

    /** Stops: waiting reads are dropped, running ones get up to five seconds. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: store reads did not finish within 5 s", engineName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
