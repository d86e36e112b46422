package io.tributary.core.store.jdbc;

import io.tributary.core.store.BrokerRestartTest;
import io.tributary.core.store.MessageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2BrokerRestartTest extends BrokerRestartTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }
}
