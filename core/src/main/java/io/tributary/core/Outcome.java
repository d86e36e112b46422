package io.tributary.core;

/**
 * How a consumer settles a delivery. The four AMQP 1.0 outcomes; JMS acknowledgement, recover and
 * rollback are expressed with them.
 *
 * @param type              which outcome
 * @param deliveryFailed    for MODIFIED: count this as a failed delivery attempt
 * @param undeliverableHere for MODIFIED: never deliver this message to this consumer again
 */
public record Outcome(Type type, boolean deliveryFailed, boolean undeliverableHere) {

    /** The outcome kinds. */
    public enum Type { ACCEPTED, RELEASED, REJECTED, MODIFIED }

    /** Processed: the message is removed from the queue. */
    public static final Outcome ACCEPTED = new Outcome(Type.ACCEPTED, false, false);
    /** Not processed and not a failure: back to the queue, delivery count unchanged. */
    public static final Outcome RELEASED = new Outcome(Type.RELEASED, false, false);
    /** Invalid for the consumer: goes to the dead-letter queue at once. */
    public static final Outcome REJECTED = new Outcome(Type.REJECTED, false, false);
    /** A failed attempt (JMS recover/rollback): redelivered with the delivery count incremented. */
    public static final Outcome FAILED = new Outcome(Type.MODIFIED, true, false);

    public static Outcome modified(boolean deliveryFailed, boolean undeliverableHere) {
        return new Outcome(Type.MODIFIED, deliveryFailed, undeliverableHere);
    }
}
