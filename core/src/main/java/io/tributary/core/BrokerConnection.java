package io.tributary.core;

import java.util.function.Consumer;

/**
 * One client connection as the engine sees it. Closing it closes its sessions, releases every
 * unsettled delivery (without counting a failed attempt), rolls back open transactions, deletes its
 * temporary queues and topics and its non-durable subscriptions, and frees its client id.
 *
 * <p>Thread-safe.
 */
public interface BrokerConnection extends AutoCloseable {

    /** A broker-assigned id, unique while the engine runs; used for noLocal. */
    String id();

    ConnectionInfo info();

    BrokerSession createSession();

    /** Creates a temporary queue that lives until this connection closes; answers its address. */
    String createTemporaryQueue();

    /** Creates a temporary topic that lives until this connection closes; answers its address. */
    String createTemporaryTopic();

    /**
     * Deletes a temporary queue or topic this connection made.
     *
     * @throws BrokerException IN_USE when it still has consumers, NOT_FOUND when it is not this
     *                         connection's
     */
    void deleteTemporary(String address);

    /**
     * Removes the durable subscription {@code name} of this connection's client id (or the shared one
     * of that name when the client id is null).
     *
     * @throws BrokerException IN_USE when it has an active consumer, NOT_FOUND when there is none
     */
    void unsubscribe(String name);

    /**
     * Sets what the protocol layer does when an operator closes this connection ({@link Management#closeConnection}):
     * close the client's connection with the reason given, and this engine connection. Without one the engine
     * connection is closed alone. The handler runs on the operator's thread and must not block.
     */
    void onClosedByOperator(Consumer<String> handler);

    @Override
    void close();
}
