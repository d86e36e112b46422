package io.tributary.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/** Management of the address registry. Thread-safe. */
public interface Addresses {

    /**
     * Declares an address. Declaring one that exists with the same kind updates nothing and succeeds.
     *
     * @throws BrokerException ALREADY_EXISTS when it exists with another kind
     */
    AddressInfo declare(String name, AddressKind kind, AddressSettings settings);

    /**
     * Deletes an address with its messages.
     *
     * @throws BrokerException NOT_FOUND when absent, IN_USE when it has consumers (unless {@code force})
     */
    void delete(String name, boolean force);

    Optional<AddressInfo> find(String name);

    /**
     * Changes an address's settings while the broker runs: {@code change} gets the settings now and answers the new
     * ones. Only the settings of {@link io.tributary.core.config.AddressKeys#RUN_TIME} may differ; they apply to what
     * happens next (a message already dead-lettered stays where it went). A durable address's new settings are
     * stored, so an address the configuration file does not declare keeps them after a restart (one it declares gets
     * the file's settings again).
     *
     * @return a stage with the address and its new settings, complete once they are stored and in force
     * @throws BrokerException NOT_FOUND when absent, INVALID_ARGUMENT naming the settings that cannot change at run
     *                         time (nothing changes then); what {@code change} throws passes through
     */
    CompletionStage<AddressInfo> change(String name, UnaryOperator<AddressSettings> change);

    /**
     * Gets an address a client names ready without blocking the caller: when it does not exist and would be created
     * as a persistent stream (whose creation recovers it from the store), that is done on an engine thread and the
     * stage completes once it exists (exceptionally with the {@link BrokerException} creating it gave). Otherwise
     * the stage is complete at once and nothing is created; opening a producer or consumer then resolves the name
     * as usual. For protocol layers on an event loop, before they open a producer or consumer.
     *
     * @param name the name as the client gave it (a {@code queue://}, {@code topic://}, {@code stream://} prefix
     *             included)
     * @param hint the kind the client announced, or null
     * @param user the client's authenticated user, or null: creating the address needs its {@code create}
     *             permission (the stage fails with UNAUTHORIZED otherwise)
     */
    CompletionStage<Void> prepare(String name, AddressKind hint, String user);

    List<AddressInfo> list();

    /**
     * Removes every message not currently delivered from a queue (or a topic's subscription queue).
     *
     * @return how many were removed
     */
    long purge(String queueName);
}
