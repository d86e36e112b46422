package io.tributary.core.store.jdbc;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageStoreContractTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The contract on a real PostgreSQL: one server for the class, a fresh database for each test. */
class PostgresMessageStoreContractTest extends MessageStoreContractTest {

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
    @Override
    protected void openStore() throws Exception {
        database = "contract_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        super.openStore();
    }

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.open(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
    }
}
