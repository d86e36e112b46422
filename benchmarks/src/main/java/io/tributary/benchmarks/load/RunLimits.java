package io.tributary.benchmarks.load;

import java.time.Duration;

/**
 * The bounds of every workload: it sends for at most {@code duration} and at most {@code maxMessages} messages,
 * keeps at most {@code window} messages sent but not yet received (so a fast producer measures the broker's
 * sustained rate, not how much it can buffer), and waits at most {@code drainTimeout} for the last deliveries.
 */
record RunLimits(Duration duration, long maxMessages, int window, Duration drainTimeout) {

    RunLimits {
        if (duration.isNegative() || duration.isZero() || maxMessages < 1 || window < 1) {
            throw new IllegalArgumentException("duration " + duration + ", max messages " + maxMessages
                    + " and window " + window + " must all be positive");
        }
    }
}
