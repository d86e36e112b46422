package io.tributary.core.engine;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives time-based work: scheduled delivery, redelivery delay and expiry. Queues with such work
 * register here; a tick every {@link #TICK_MILLIS} real milliseconds asks each of them to process what
 * is due by the engine clock. Because due-ness is judged by the injected clock only, a test with a
 * manual clock advances the clock and then waits for the next tick (or calls
 * {@link BrokerEngine#runDueWork()}).
 *
 * <p>Thread-safe: the watch set is concurrent; ticks run on one timer thread (or the caller of
 * {@link #tick()}), and each queue guards itself.
 */
final class Timers implements AutoCloseable {

    static final long TICK_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

    private final Clock clock;
    private final Set<MessageQueue> watched = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> periodic = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    Timers(Clock clock, String engineName) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, engineName + "-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::safeTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(MessageQueue q) {
        watched.add(q);
    }

    void unwatch(MessageQueue q) {
        watched.remove(q);
    }

    /** Runs {@code task} on every tick (stream retention by age) until {@link #cancel}. */
    void every(Runnable task) {
        periodic.add(task);
    }

    void cancel(Runnable task) {
        periodic.remove(task);
    }

    /** Processes what is due on every watched queue now. */
    void tick() {
        long now = clock.millis();
        for (MessageQueue q : watched) {
            q.processDue(now);
        }
        periodic.forEach(Runnable::run);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("timer tick failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
