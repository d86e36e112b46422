package io.tributary.core.stream;

import io.tributary.core.store.MessageStore;
import org.junit.jupiter.api.BeforeEach;

/** On a real PostgreSQL, a fresh database for each test. */
class PostgresStreamRestartTest extends StreamRestartTest {

    private String database;

    @BeforeEach
    void createDatabase() {
        database = PostgresDatabases.newDatabase("streams");
    }

    @Override
    protected MessageStore newStore() {
        return PostgresDatabases.store(database);
    }
}
