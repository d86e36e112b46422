package io.tributary.core;

/**
 * Where the engine hands deliveries to a protocol layer. Called on an engine thread: implementations
 * must not block and must not call back into the engine synchronously in a way that waits.
 */
public interface DeliverySink {

    /** A delivery within the consumer's credit. */
    void deliver(Delivery delivery);

    /** A {@link Consumer#drain()} has finished: credit is now zero. */
    default void drained() {
    }

    /** The engine closed the consumer (its queue was deleted, the broker stops). */
    default void closed(BrokerException cause) {
    }
}
