package io.tributary.core.store.jdbc;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageTraceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message tracing on a real PostgreSQL: one server for the class, a fresh database for each test. */
class PostgresMessageTraceTest extends MessageTraceTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    private String url;

    @BeforeEach
    void newDatabase() {
        url = POSTGRES.newDatabase();
    }

    @Override
    protected MessageStore newStore() {
        return PostgresServer.store(url);
    }
}
