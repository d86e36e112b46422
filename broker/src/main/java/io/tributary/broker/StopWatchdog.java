package io.tributary.broker;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Bounds a stop: once {@link #stopping()} is called (by the shutdown hook on SIGTERM), the broker has
 * {@code grace} to finish {@link #stopped()}; otherwise one line goes to stderr and the process halts with
 * {@link Main#STOP_TIMEOUT}, so that a wedged stop (a lock held by a thread that failed, a store that does not
 * answer) never leaves a process that ignores SIGTERM.
 *
 * <p>Thread model: its daemon thread is started in advance (a stop may come when nothing can be allocated) and
 * waits on two latches; {@link #stopping()} and {@link #stopped()} may be called from any thread.
 */
final class StopWatchdog {

    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Duration grace;
    private final PrintStream err;
    private final IntConsumer halt;
    private final String line;

    private StopWatchdog(Duration grace, PrintStream err, IntConsumer halt) {
        this.grace = grace;
        this.err = err;
        this.halt = halt;
        String within = grace.toMillis() % 1000 == 0 ? grace.toSeconds() + " s" : grace.toMillis() + " ms";
        this.line = "tributary: the broker did not stop within " + within + "; halting with status "
                + Main.STOP_TIMEOUT;
    }

    /** Starts the watchdog's thread, which does nothing until {@link #stopping()}. */
    static StopWatchdog start(Duration grace, PrintStream err, IntConsumer halt) {
        StopWatchdog w = new StopWatchdog(grace, err, halt);
        Thread t = new Thread(w::watch, "tributary-stop-watchdog");
        t.setDaemon(true);
        t.start();
        return w;
    }

    /** The stop begins: the grace period starts now. */
    void stopping() {
        stopping.countDown();
    }

    /** The stop finished in time: nothing happens. */
    void stopped() {
        stopped.countDown();
    }

    private void watch() {
        try {
            stopping.await();
            if (!stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                err.println(line);
                err.flush();
                halt.accept(Main.STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
