package io.tributary.core.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Paging on the H2 store (the default). */
class H2PagingTest extends PagingContractTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected JdbcMessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }
}
