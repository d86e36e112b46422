package io.tributary.core.store.jdbc;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageTraceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Message tracing on an H2 file database. */
class H2MessageTraceTest extends MessageTraceTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }
}
