package io.tributary.core.stream;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2StreamRestartTest extends StreamRestartTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }
}
