package io.tributary.core;

import java.time.Duration;

/**
 * How much of the message trace the broker keeps. Immutable.
 *
 * @param retention  trace events older than this are deleted ({@code tracing.retention}, {@code 24h})
 * @param maxEvents  at most this many events are kept, the oldest deleted first ({@code tracing.max-events},
 *                   {@code 1,000,000})
 * @param buffer     events waiting for the store at most; beyond it new events are dropped and counted
 *                   ({@code tracing.buffer}, {@code 50,000})
 */
public record TraceLimits(Duration retention, long maxEvents, int buffer) {

    public static final TraceLimits DEFAULT = new TraceLimits(Duration.ofHours(24), 1_000_000, 50_000);

    public TraceLimits {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "tracing.retention = " + retention
                    + " is invalid; it must be > 0");
        }
        if (maxEvents < 1) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "tracing.max-events = " + maxEvents
                    + " is invalid; it must be > 0");
        }
        if (buffer < 1) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "tracing.buffer = " + buffer
                    + " is invalid; it must be > 0");
        }
    }
}
