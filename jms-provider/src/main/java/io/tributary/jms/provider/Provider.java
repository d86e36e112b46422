package io.tributary.jms.provider;

import jakarta.jms.JMSException;
import java.util.concurrent.CompletionStage;

/**
 * What the JMS API layer needs from a way of reaching a broker: plain descriptors in, deliveries out
 * through a {@link ProviderListener}. The {@code vm} provider calls an in-process engine. Remote URLs
 * ({@code amqp://}, {@code failover:}) do not use this SPI: TributaryConnectionFactory delegates them to Qpid
 * JMS as a whole (see its design note). The JMS layer never sees a wire protocol or an engine type.
 *
 * <p>Design note: acknowledgement, recover and rollback are expressed per delivery with
 * {@link #settle}; the JMS layer keeps the session's bookkeeping (which deliveries are unacknowledged,
 * which are prefetched) because it is the same for every provider. Transactions are per session: the
 * provider begins one when a transacted session is created and after each commit or rollback.
 *
 * <p>Thread-safe: the JMS layer calls it from application threads and session threads.
 */
public interface Provider extends AutoCloseable {

    /** Where deliveries and failures go. Set once, before {@link #connect}. */
    void setListener(ProviderListener listener);

    /**
     * Checks a user and password (user null: none) as the connection is created, before any client id is set and
     * before {@link #connect}, so that a bad login fails {@code createConnection} itself.
     *
     * @throws jakarta.jms.JMSSecurityException when the broker does not let them in
     */
    void login(String user, String password) throws JMSException;

    /**
     * Opens the connection with its client id (may be null).
     *
     * @throws jakarta.jms.InvalidClientIDException when another connection holds the client id
     */
    void connect(JmsConnectionInfo info) throws JMSException;

    void createSession(JmsSessionInfo info) throws JMSException;

    void createProducer(JmsProducerInfo info) throws JMSException;

    /**
     * Opens a consumer; deliveries arrive at the listener as credit allows (none before the first
     * {@link #credit}).
     *
     * @throws jakarta.jms.InvalidSelectorException for a bad selector
     */
    void createConsumer(JmsConsumerInfo info) throws JMSException;

    /**
     * Checks a message selector without opening anything (so that a bad selector is reported before
     * other problems, as the JMS methods that take one require).
     *
     * @throws jakarta.jms.InvalidSelectorException for a bad selector
     */
    void checkSelector(String selector) throws JMSException;

    /** Closes a session, producer or consumer (a consumer's unsettled deliveries are released). */
    void destroy(JmsResourceInfo info) throws JMSException;

    /**
     * Sends. The stage completes when the broker has accepted the message (stored, for a persistent one;
     * recorded in the transaction, for a transacted session) or fails with a JMSException.
     */
    CompletionStage<Void> send(JmsOutboundMessage message);

    /** Grants {@code credit} more deliveries to a consumer. */
    void credit(JmsConsumerInfo consumer, int credit);

    /**
     * Delivers what is available now up to the consumer's credit, then sets the credit to zero. The
     * stage completes after the last such delivery reached the listener.
     */
    CompletionStage<Void> drain(JmsConsumerInfo consumer);

    /**
     * Settles one delivery; in a transacted session the settlement is part of the transaction.
     */
    void settle(JmsConsumerInfo consumer, long deliveryId, AckType type) throws JMSException;

    /**
     * Settles several deliveries of one consumer in one settlement (an AMQP disposition covers a range);
     * DUPS_OK_ACKNOWLEDGE acknowledges in such batches.
     */
    void settle(JmsConsumerInfo consumer, long[] deliveryIds, AckType type) throws JMSException;

    /** Commits the session's transaction and begins the next. */
    void commit(JmsSessionInfo session) throws JMSException;

    /** Rolls back the session's transaction (settled messages are redelivered) and begins the next. */
    void rollback(JmsSessionInfo session) throws JMSException;

    /** Creates a temporary queue or topic living until this connection closes; answers its address. */
    String createTemporary(boolean topic) throws JMSException;

    /**
     * Deletes a temporary destination of this connection.
     *
     * @throws jakarta.jms.IllegalStateException when it still has consumers
     */
    void deleteTemporary(String address) throws JMSException;

    /**
     * Removes a durable subscription.
     *
     * @throws jakarta.jms.InvalidDestinationException when there is none of that name
     * @throws jakarta.jms.IllegalStateException       when it has an active consumer
     */
    void unsubscribe(String name) throws JMSException;

    /** The name of what this provider reaches, for ConnectionMetaData and messages. */
    String remote();

    /** Closes the connection; releases everything unsettled. Idempotent. */
    @Override
    void close();
}
