package io.tributary.core;

import io.tributary.core.engine.BrokerEngine;

/**
 * The core engine: the one narrow door every protocol goes through. A protocol layer opens a
 * {@link BrokerConnection} per client connection, and a {@link BrokerSession} per session on it.
 *
 * <p>Thread-safe: every method may be called from any thread. Calls never block on store I/O;
 * what waits for the store answers with a {@link java.util.concurrent.CompletionStage}.
 */
public interface Broker extends AutoCloseable {

    /** Starts an engine with this configuration, recovering what the configured store holds. */
    static Broker start(BrokerConfig config) {
        return BrokerEngine.start(config);
    }

    /**
     * Opens a connection.
     *
     * @throws BrokerException INVALID_CLIENT_ID when another open connection holds the client id
     */
    BrokerConnection connect(ConnectionInfo info);

    /** Management of addresses: declare, delete, inspect, purge. */
    Addresses addresses();

    /** The configuration this engine runs with. */
    BrokerConfig config();

    /** The broker-wide memory figures now: the global limit, what messages take, whether producers are held. */
    MemoryStatus memory();

    /** Stops the engine: closes every connection, stops timers, closes the store. Idempotent. */
    @Override
    void close();
}
