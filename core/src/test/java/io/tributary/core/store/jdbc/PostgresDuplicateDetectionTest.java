package io.tributary.core.store.jdbc;

import io.tributary.core.store.DuplicateDetectionTest;
import io.tributary.core.store.MessageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Duplicate detection on a real PostgreSQL: one server for the class, a fresh database for each test. */
class PostgresDuplicateDetectionTest extends DuplicateDetectionTest {

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
