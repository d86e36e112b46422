package io.tributary.core;

import io.tributary.core.engine.BrokerEngine;

/**
 * The core engine: the one narrow door every protocol goes through. A protocol layer opens a
 * {@link BrokerConnection} per client connection, and a {@link BrokerSession} per session on it.
 *
 * <p>Thread-safe: every method may be called from any thread. What waits for the store (a send, a commit, a
 * rollback) answers with a {@link java.util.concurrent.CompletionStage} instead of blocking the caller; a
 * settlement's store write, and those an address change needs (declaring, deleting), run in the background. Three
 * things do block on store I/O: {@link #start} (it recovers what the store holds), {@link #close} (it stops the
 * engine's threads and closes the store), and creating a persistent stream, whose log is recovered from the store
 * when it opens ({@link Addresses#declare}, or opening a producer or consumer on a stream that does not exist yet).
 * A caller that must not block, such as a protocol layer on an event loop, calls {@link Addresses#prepare} first,
 * which does that on an engine thread. Deliveries reach the protocol layer on engine threads, through the
 * {@link DeliverySink} given to {@link BrokerSession#openConsumer}.
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

    /** What operators see and do: queue figures, messages, connections, health. */
    Management management();

    /** The configuration this engine runs with. */
    BrokerConfig config();

    /** The broker-wide memory figures now: the global limit, what messages take, whether producers are held. */
    MemoryStatus memory();

    /** Stops the engine: closes every connection, stops timers, closes the store. Idempotent. */
    @Override
    void close();
}
