package io.tributary.core.store;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class InMemoryMessageStoreContractTest extends MessageStoreContractTest {

    @Override
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }

    @Test
    void saysItIsNotPersistent() {
        assertFalse(store.persistent());
    }
}
