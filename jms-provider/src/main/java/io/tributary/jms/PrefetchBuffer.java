package io.tributary.jms;

import io.tributary.jms.provider.JmsInboundMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A consumer's prefetched deliveries, ordered by priority (9 first) and then by arrival, with the
 * credit the provider still holds for it. The credit rule: keep credit plus buffered near the prefetch
 * window, granting more in batches once it falls to half.
 *
 * <p>Thread-safe: guarded by one lock; filled on provider threads, emptied on application and session
 * threads. The lock is reentrant because a provider may deliver synchronously inside a credit call.
 */
final class PrefetchBuffer {

    private final int window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<JmsInboundMessage>[] byPriority = new ArrayDeque[10];
    private int buffered;
    private int credit;

    PrefetchBuffer(int window) {
        this.window = window;
        for (int i = 0; i < byPriority.length; i++) {
            byPriority[i] = new ArrayDeque<>();
        }
    }

    /** A delivery arrived: it used one credit. */
    void add(JmsInboundMessage m) {
        lock.lock();
        try {
            credit = Math.max(0, credit - 1);
            byPriority[Math.min(9, Math.max(0, m.facade().priority()))].addLast(m);
            buffered++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next delivery, or null. */
    JmsInboundMessage poll() {
        lock.lock();
        try {
            for (int p = 9; p >= 0; p--) {
                JmsInboundMessage m = byPriority[p].pollFirst();
                if (m != null) {
                    buffered--;
                    return m;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every delivery, in delivery order. */
    List<JmsInboundMessage> takeAll() {
        List<JmsInboundMessage> out = new ArrayList<>();
        lock.lock();
        try {
            for (int p = 9; p >= 0; p--) {
                out.addAll(byPriority[p]);
                byPriority[p].clear();
            }
            buffered = 0;
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** How much credit to grant now (already counted as granted), or 0. */
    int creditToGrant() {
        lock.lock();
        try {
            int want = window - credit - buffered;
            if (want <= 0 || (want < Math.max(1, window / 2) && credit + buffered > 0)) {
                return 0;
            }
            credit += want;
            return want;
        } finally {
            lock.unlock();
        }
    }

    /** Counts credit granted outside the window rule (a pull). */
    void addCredit(int n) {
        lock.lock();
        try {
            credit += n;
        } finally {
            lock.unlock();
        }
    }

    /** A drain finished: the provider holds no credit any more. */
    void creditDrained() {
        lock.lock();
        try {
            credit = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a delivery is buffered while {@code ready} holds; gives up when {@code stop} holds or
     * at {@code deadlineNanos}. Answers whether a delivery is there to poll.
     */
    boolean await(long deadlineNanos, BooleanSupplier ready, BooleanSupplier stop) {
        lock.lock();
        try {
            while (true) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                if (buffered > 0 && ready.getAsBoolean()) {
                    return true;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes up waiters so they look at their conditions again. */
    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
