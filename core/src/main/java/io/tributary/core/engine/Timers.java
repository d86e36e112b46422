package io.tributary.core.engine;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives time-based work: scheduled delivery, redelivery delay, expiry, and periodic tasks (stream retention by
 * age). Queues with such work register here with their next deadline; the timer thread sleeps until the earliest
 * deadline, asks each watched queue to process what is due by the engine clock, and learns each queue's next
 * deadline from its answer. A deadline earlier than the one the thread sleeps toward wakes it at once. With nothing
 * timed the thread sleeps until something is registered, so an idle broker costs no CPU.
 *
 * <p>Design note: deadlines are engine-clock times, turned into a real wait; the wait is cut to at most
 * {@link #MAX_WAIT_MILLIS} while something is due, so a clock that jumps (a manual clock in tests, a wall clock
 * stepped forward) is noticed within that time. Because due-ness is judged by the injected clock only, a test with
 * a manual clock advances the clock and then waits for the timer (or calls {@link BrokerEngine#runDueWork()}).
 * Periodic tasks run every {@link #PERIOD_MILLIS} of engine-clock time.
 *
 * <p>Thread-safe: the watch sets are concurrent and the earliest announced deadline an atomic, so {@link #watch}
 * takes no lock and may be called under a queue's lock; ticks run on one timer thread (or the caller of
 * {@link #tick()}), and each queue guards itself.
 */
final class Timers implements AutoCloseable {

    /** The longest real wait while a deadline is pending (so a jump of the clock is seen). */
    static final long MAX_WAIT_MILLIS = 1_000;
    /** How often periodic tasks run, in engine-clock milliseconds. */
    static final long PERIOD_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

    private final Clock clock;
    private final Set<MessageQueue> watched = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> periodic = ConcurrentHashMap.newKeySet();
    /** The earliest deadline announced since the timer thread last took stock; MAX_VALUE for none. */
    private final AtomicLong announced = new AtomicLong(Long.MAX_VALUE);
    private final Thread thread;
    private volatile boolean closed;
    private long nextPeriodic = Long.MIN_VALUE;

    Timers(Clock clock, String engineName) {
        this.clock = clock;
        this.thread = new Thread(this::run, engineName + "-timer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code q}, which has timed work due at {@code deadline} (engine-clock millis). */
    void watch(MessageQueue q, long deadline) {
        watched.add(q);
        announce(deadline);
    }

    void unwatch(MessageQueue q) {
        watched.remove(q);
    }

    /** Runs {@code task} every {@link #PERIOD_MILLIS} (stream retention by age) until {@link #cancel}. */
    void every(Runnable task) {
        periodic.add(task);
        announce(clock.millis() + PERIOD_MILLIS);
    }

    void cancel(Runnable task) {
        periodic.remove(task);
    }

    /** Processes what is due on every watched queue now and runs the periodic tasks. */
    void tick() {
        long now = clock.millis();
        processQueues(now);
        periodic.forEach(Runnable::run);
    }

    /** Processes the watched queues; answers the earliest deadline they have left. */
    private long processQueues(long now) {
        long next = Long.MAX_VALUE;
        for (MessageQueue q : watched) {
            next = Math.min(next, q.processDue(now));
        }
        return next;
    }

    private void announce(long deadline) {
        long before = announced.getAndAccumulate(deadline, Math::min);
        if (deadline < before) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closed) {
            // announcements from here on are kept for the wait below: none is lost to a race with the tick
            announced.set(Long.MAX_VALUE);
            long next;
            try {
                next = tickOnTimerThread();
            } catch (RuntimeException e) {
                LOG.error("timer tick failed", e);
                next = clock.millis() + MAX_WAIT_MILLIS;
            }
            awaitDeadline(next);
        }
    }

    private long tickOnTimerThread() {
        long now = clock.millis();
        long next = processQueues(now);
        if (!periodic.isEmpty()) {
            if (now >= nextPeriodic) {
                periodic.forEach(Runnable::run);
                nextPeriodic = now + PERIOD_MILLIS;
            }
            next = Math.min(next, nextPeriodic);
        }
        return next;
    }

    /** Sleeps until {@code deadline} or an earlier announced one is due, or the timer closes. */
    private void awaitDeadline(long deadline) {
        while (!closed) {
            long due = Math.min(deadline, announced.get());
            if (due == Long.MAX_VALUE) {
                LockSupport.park(this);
                continue;
            }
            long wait = due - clock.millis();
            if (wait <= 0) {
                return;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(Math.min(wait, MAX_WAIT_MILLIS)));
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
