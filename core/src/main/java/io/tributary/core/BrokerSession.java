package io.tributary.core;

import java.util.concurrent.CompletionStage;

/**
 * A session: producers, consumers and local transactions. Thread-safe, but a protocol layer usually
 * uses a session from one thread.
 *
 * <p>A {@link TransactionId} begun on any session of a connection may be used on any other session of
 * the same connection (the AMQP coordinator needs that); JMS uses one per transacted session.
 */
public interface BrokerSession extends AutoCloseable {

    /**
     * Opens a producer. With an address, that address is resolved (and auto-created as configured) now,
     * so an unknown address fails here; with {@code null} it is anonymous and each message goes to its
     * own {@code to} address.
     *
     * @param address  the target address, or null for an anonymous producer
     * @param kindHint what the client says the address is (terminus capability, JMS destination type),
     *                 or null
     * @throws BrokerException NOT_FOUND when the address does not exist and may not be auto-created
     */
    Producer openProducer(String address, AddressKind kindHint);

    /**
     * Opens a consumer. Deliveries go to {@code sink} as credit allows (see {@link Consumer#addCredit}).
     *
     * @throws BrokerException NOT_FOUND, INVALID_SELECTOR, IN_USE (exclusive queue or a durable
     *                         subscription already consumed by another non-shared consumer),
     *                         ILLEGAL_STATE (durable subscription without a client id)
     */
    Consumer openConsumer(ConsumerSpec spec, DeliverySink sink);

    /** Begins a local transaction. */
    TransactionId beginTransaction();

    /**
     * Commits: every send in the transaction becomes visible and every acceptance removes its message,
     * atomically. Completes when durable parts are stored.
     */
    CompletionStage<Void> commit(TransactionId tx);

    /**
     * Rolls back: sends are dropped and every message settled in the transaction is redelivered with
     * its delivery count incremented.
     */
    CompletionStage<Void> rollback(TransactionId tx);

    /** Closes the session's producers and consumers (unsettled deliveries are released). */
    @Override
    void close();
}
