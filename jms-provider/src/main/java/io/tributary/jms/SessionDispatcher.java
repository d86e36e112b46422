package io.tributary.jms;

import jakarta.jms.JMSException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread of a session that runs its MessageListeners and CompletionListeners, serially, as
 * Jakarta Messaging 3.1 requires (a session is single-threaded; CompletionListener callbacks run serially
 * on a provider thread).
 *
 * <p>Thread-safe. Knows its thread, so callers can tell whether they run inside a listener.
 */
final class SessionDispatcher {

    private final String name;
    private final long closeTimeoutMillis;
    private volatile Thread thread;
    private volatile ExecutorService executor;

    /**
     * @param closeTimeoutMillis how long {@link #awaitIdle} waits for a listener in progress
     *                           ({@code jms.closeTimeout})
     */
    SessionDispatcher(String name, long closeTimeoutMillis) {
        this.name = name;
        this.closeTimeoutMillis = closeTimeoutMillis;
    }

    long closeTimeoutMillis() {
        return closeTimeoutMillis;
    }

    private ExecutorService executor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                e = executor;
                if (e == null) {
                    e = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, name);
                        t.setDaemon(true);
                        thread = t;
                        return t;
                    });
                    executor = e;
                }
            }
        }
        return e;
    }

    void execute(Runnable task) {
        try {
            executor().execute(task);
        } catch (RejectedExecutionException e) {
            // shut down: the session is closed and nothing more is delivered
        }
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Waits until every task queued so far has run (a listener in progress has returned), for at most the close
     * timeout.
     *
     * @throws JMSException when a listener has not returned within the close timeout (it is left running)
     */
    void awaitIdle() throws JMSException {
        awaitIdle(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(closeTimeoutMillis));
    }

    /** {@link #awaitIdle()} by a deadline of {@link System#nanoTime()}, shared with other waits of one close. */
    void awaitIdle(long deadlineNanos) throws JMSException {
        if (executor == null || isCurrentThread()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor().execute(() -> done.complete(null));
        } catch (RejectedExecutionException e) {
            return;
        }
        awaitUntil(done, deadlineNanos, name + ": a MessageListener or CompletionListener");
    }

    /**
     * Waits for {@code done} until the deadline; an interrupt is kept and ends the wait.
     *
     * @throws JMSException naming {@code what} and the close timeout when the deadline passes first
     */
    void awaitUntil(CompletableFuture<?> done, long deadlineNanos, String what) throws JMSException {
        try {
            done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            JMSException timedOut = new JMSException(what + " did not finish within the close timeout of "
                    + closeTimeoutMillis + " ms (jms.closeTimeout); it is still running. Make listeners return "
                    + "sooner or raise jms.closeTimeout in the connection URL");
            timedOut.initCause(e);
            throw timedOut;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JMSException interrupted = new JMSException(what + ": interrupted while waiting for it to finish");
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            // it finished, with a failure that whoever waits for it reports
        }
    }

    void shutdown() {
        ExecutorService e = executor;
        if (e != null) {
            e.shutdown();
        }
    }
}
