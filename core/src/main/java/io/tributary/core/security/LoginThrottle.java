package io.tributary.core.security;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per source address: the outcome of a failed login is held back, the longer the more
 * logins failed from that address recently ({@code first}, doubling up to {@code max}), and while an address is held
 * back every outcome for it waits its turn, successes included, so that guesses made in parallel are answered one
 * after another. Nothing blocks: the caller schedules the answer after the hold this class computes.
 *
 * <p>Design note: an attempt whose turn would come later than {@code maxWait} (the login timeout) is not judged at
 * all; it is answered at once with a temporary failure (SASL sys-temp) and does not count. So the table of holds never
 * reaches further into the future than {@code maxWait + max}, an address is free again that long after its last
 * failure, and an attacker learns nothing from the attempts that were turned away. An address's failures are
 * forgotten after {@link #FORGET_AFTER} without one. The table keeps at most {@link #MAX_ADDRESSES} addresses,
 * dropping the least recently seen.
 *
 * <p>Used by the AMQP server's SASL logins and the management API's HTTP Basic logins (each has its own).
 *
 * <p>Thread-safe: every event loop of the server shares one instance; each call holds its lock briefly.
 */
public final class LoginThrottle {

    public static final Duration FORGET_AFTER = Duration.ofMinutes(1);
    public static final int MAX_ADDRESSES = 10_000;

    /** What to do with a login's outcome. */
    public record Hold(long millis, boolean refused) {
        public static final Hold NONE = new Hold(0, false);
        public static final Hold REFUSED = new Hold(0, true);
    }

    private final long firstNanos;
    private final long maxNanos;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Entry> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(Duration first, Duration max, Duration maxWait, LongSupplier nanoClock) {
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Records a judged login from {@code address} and answers how long to hold its outcome back, or that it is to be
     * answered at once with a temporary failure because the address's turn is too far off.
     */
    public synchronized Hold judged(InetAddress address, boolean success) {
        long now = nanoClock.getAsLong();
        Entry e = current(address, now);
        long wait = e == null ? 0 : Math.max(0, e.freeAt - now);
        if (wait > maxWaitNanos) {
            return Hold.REFUSED;
        }
        if (success) {
            return wait == 0 ? Hold.NONE : new Hold(millis(wait), false);
        }
        if (e == null) {
            e = new Entry();
            e.freeAt = now;
            entries.put(address, e);
        }
        e.failures++;
        long delay = firstNanos;
        for (int i = 1; i < e.failures && delay < maxNanos; i++) {
            delay *= 2;
        }
        e.freeAt = Math.max(now, e.freeAt) + Math.min(delay, maxNanos);
        e.lastFailure = now;
        return new Hold(millis(e.freeAt - now), false);
    }

    /**
     * How long {@code address} waits before its next login is judged (0: now), without recording anything. A
     * protocol that cannot hold its answer back (HTTP) refuses logins from the address for that long instead.
     */
    public synchronized long heldMillis(InetAddress address) {
        long now = nanoClock.getAsLong();
        Entry e = current(address, now);
        return e == null ? 0 : millis(Math.max(0, e.freeAt - now));
    }

    /** Addresses in the table now (for tests). */
    public synchronized int size() {
        return entries.size();
    }

    private Entry current(InetAddress address, long now) {
        Entry e = entries.get(address);
        if (e != null && now - e.lastFailure > FORGET_AFTER.toNanos() && now - e.freeAt >= 0) {
            entries.remove(address);
            return null;
        }
        return e;
    }

    private static long millis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    /** One address's recent failures. Guarded by the throttle's lock. */
    private static final class Entry {
        int failures;
        long freeAt;
        long lastFailure;
    }
}
