package io.tributary.core;

/**
 * Receives deliveries from one queue, subscription or stream through its {@link DeliverySink}.
 * Credit-based: the engine hands the sink at most as many deliveries as credit was granted.
 * Thread-safe.
 */
public interface Consumer extends AutoCloseable {

    /** The queue (or subscription queue, or stream) this consumer reads. */
    String queueName();

    /** Grants {@code credit} more deliveries. */
    void addCredit(int credit);

    /** Current credit not yet used. */
    int credit();

    /**
     * Delivers what is available now up to the current credit, then sets credit to zero and calls
     * {@link DeliverySink#drained()}.
     */
    void drain();

    /**
     * Settles a delivery.
     *
     * @param deliveryId {@link Delivery#id()}
     * @param tx         the transaction the settlement belongs to, or null
     * @throws BrokerException NOT_FOUND when the delivery is not outstanding on this consumer
     */
    void settle(long deliveryId, Outcome outcome, TransactionId tx);

    /** Names this consumer for operators as its protocol layer knows it (an AMQP link name); optional. */
    default void label(String name) {
    }

    /** Closes the consumer; unsettled deliveries are released (delivery count unchanged). */
    @Override
    void close();
}
