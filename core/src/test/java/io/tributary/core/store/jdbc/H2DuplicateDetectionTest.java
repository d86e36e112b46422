package io.tributary.core.store.jdbc;

import io.tributary.core.store.DuplicateDetectionTest;
import io.tributary.core.store.MessageStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Duplicate detection on an H2 file database: the ids survive a restart. */
class H2DuplicateDetectionTest extends DuplicateDetectionTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }
}
