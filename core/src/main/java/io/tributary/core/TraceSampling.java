package io.tributary.core;

/**
 * An address's message tracing: whether the life of its messages is recorded (see {@link MessageTrace}), and for
 * which share of them. Immutable.
 *
 * @param on     trace this address's messages ({@code tracing}, {@code off} by default)
 * @param sample the share of messages traced, 0 to 1 ({@code tracing-sample}, {@code 1}: every message); decided
 *               once per message from its id, so every event of a sampled message is kept
 */
public record TraceSampling(boolean on, double sample) {

    public static final TraceSampling OFF = new TraceSampling(false, 1.0);

    public TraceSampling {
        if (!(sample >= 0.0 && sample <= 1.0)) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "address setting tracing-sample = "
                    + sample + " is invalid; it must be a fraction from 0 to 1 (0.01 traces one message in 100)");
        }
    }

    /** True when some messages are traced. */
    public boolean active() {
        return on && sample > 0.0;
    }
}
