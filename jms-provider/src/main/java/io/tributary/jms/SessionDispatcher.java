package io.tributary.jms;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a session that runs its MessageListeners and CompletionListeners, serially, as
 * Jakarta Messaging 3.1 requires (a session is single-threaded; CompletionListener callbacks run serially
 * on a provider thread).
 *
 * <p>Thread-safe. Knows its thread, so callers can tell whether they run inside a listener.
 */
final class SessionDispatcher {

    private final String name;
    private volatile Thread thread;
    private volatile ExecutorService executor;

    SessionDispatcher(String name) {
        this.name = name;
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
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shut down: the session is closed and nothing more is delivered
        }
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /** Waits until every task queued so far has run (a listener in progress has returned). */
    void awaitIdle() {
        if (executor == null || isCurrentThread()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        try {
            executor().execute(() -> done.complete(null));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return;
        }
        done.join();
    }

    void shutdown() {
        ExecutorService e = executor;
        if (e != null) {
            e.shutdown();
        }
    }
}
