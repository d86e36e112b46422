package io.tributary.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The hold on login outcomes per address, on a manual clock. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(Duration.ofMillis(100), Duration.ofSeconds(5),
            Duration.ofSeconds(10), now::get);

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aFirstLoginIsAnsweredAtOnce() throws Exception {
        assertEquals(LoginThrottle.Hold.NONE, throttle.judged(address(1), true));
        assertEquals(0, throttle.size(), "a success alone leaves nothing behind");
    }

    @Test
    void eachFailureFromAnAddressIsHeldTwiceAsLongUpToTheCap() throws Exception {
        long[] expected = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (long millis : expected) {
            assertEquals(millis, throttle.judged(address(1), false).millis());
            advance(Duration.ofMillis(millis)); // the client waits for each answer
        }
    }

    @Test
    void failuresMadeInParallelAreAnsweredOneAfterAnother() throws Exception {
        assertEquals(100, throttle.judged(address(1), false).millis());
        assertEquals(300, throttle.judged(address(1), false).millis());
        assertEquals(700, throttle.judged(address(1), false).millis());
        assertEquals(700, throttle.judged(address(1), true).millis(), "a success waits its turn too");
    }

    @Test
    void anotherAddressIsNotHeldBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            throttle.judged(address(1), false);
        }
        assertEquals(LoginThrottle.Hold.NONE, throttle.judged(address(2), true));
        assertEquals(100, throttle.judged(address(2), false).millis());
    }

    @Test
    void anAttemptWhoseTurnIsBeyondTheLoginTimeoutIsTurnedAwayWithoutCounting() throws Exception {
        LoginThrottle.Hold last = LoginThrottle.Hold.NONE;
        while (!last.refused()) {
            last = throttle.judged(address(1), false);
            assertTrue(last.refused() || last.millis() <= 10_000 + 5_000, "held at most timeout + cap: " + last);
        }
        assertTrue(throttle.judged(address(1), true).refused(), "a success is turned away too");
        advance(Duration.ofSeconds(15));
        LoginThrottle.Hold next = throttle.judged(address(1), false);
        assertFalse(next.refused());
        assertEquals(5000, next.millis(), "the turned-away attempts did not push the turn further");
    }

    @Test
    void failuresAreForgottenAfterAQuietMinute() throws Exception {
        throttle.judged(address(1), false);
        throttle.judged(address(1), false);
        advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertEquals(LoginThrottle.Hold.NONE, throttle.judged(address(1), true));
        assertEquals(100, throttle.judged(address(1), false).millis(), "counting starts again");
    }

    @Test
    void theTableOfAddressesIsBounded() throws Exception {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 500; i++) {
            throttle.judged(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                    false);
        }
        assertEquals(LoginThrottle.MAX_ADDRESSES, throttle.size());
    }
}
