package io.tributary.core.stream;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** On a real PostgreSQL: one server for the class, a fresh database for each test. */
class PostgresStreamRestartTest extends StreamRestartTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void createDatabase() throws Exception {
        database = "streams_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.open(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
    }
}
