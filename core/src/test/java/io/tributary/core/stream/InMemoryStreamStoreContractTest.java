package io.tributary.core.stream;

import io.tributary.core.store.InMemoryMessageStore;
import io.tributary.core.store.MessageStore;

class InMemoryStreamStoreContractTest extends StreamStoreContractTest {

    @Override
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }
}
