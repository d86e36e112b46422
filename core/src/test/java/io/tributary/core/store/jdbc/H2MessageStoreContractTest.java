package io.tributary.core.store.jdbc;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract with the messages and references in the H2 store's tables ({@code store.journal=false}). */
class H2MessageStoreContractTest extends MessageStoreContractTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory).journal(false);
    }
}
