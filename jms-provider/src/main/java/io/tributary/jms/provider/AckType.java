package io.tributary.jms.provider;

/** How the JMS layer settles a delivery. */
public enum AckType {
    /** Consumed: removed from the queue (or subscription). */
    ACCEPTED,
    /** Not consumed and not a failure (prefetched, never given to the application): delivery count unchanged. */
    RELEASED,
    /** A failed delivery (recover, listener exception): redelivered with the delivery count incremented. */
    FAILED,
    /** Poison: dead-lettered at once. */
    REJECTED
}
