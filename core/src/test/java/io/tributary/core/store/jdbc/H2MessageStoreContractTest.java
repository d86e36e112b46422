package io.tributary.core.store.jdbc;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2MessageStoreContractTest extends MessageStoreContractTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }
}
