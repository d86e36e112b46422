package io.tributary.core.store.jdbc;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Paging on a real PostgreSQL: one server for the class, a fresh database for each test. */
class PostgresPagingTest extends PagingContractTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    private String url;

    @BeforeEach
    void newDatabase() {
        url = POSTGRES.newDatabase();
    }

    @Override
    protected JdbcMessageStore newStore() {
        return PostgresServer.store(url);
    }
}
