package io.tributary.core.store.jdbc;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageStoreContractTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a real PostgreSQL: one server for the class, a fresh database for each test. */
class PostgresMessageStoreContractTest extends MessageStoreContractTest {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    private String url;

    @BeforeEach
    @Override
    protected void openStore() throws Exception {
        url = POSTGRES.newDatabase();
        super.openStore();
    }

    @Override
    protected MessageStore newStore() {
        return PostgresServer.store(url);
    }
}
