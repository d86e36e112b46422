package io.tributary.core;

import java.util.List;
import java.util.Optional;

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

    List<AddressInfo> list();

    /**
     * Removes every message not currently delivered from a queue (or a topic's subscription queue).
     *
     * @return how many were removed
     */
    long purge(String queueName);
}
