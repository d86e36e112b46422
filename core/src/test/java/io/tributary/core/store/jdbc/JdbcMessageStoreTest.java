package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import io.tributary.core.store.DuplicateIdRecord;
import io.tributary.core.store.StoredReference;
import io.tributary.core.store.TraceEventRecord;
import io.tributary.core.store.TraceQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the JDBC store: URLs, schema versions, group commit. The SPI is in the contract tests. */
@Timeout(60)
class JdbcMessageStoreTest {

    @TempDir
    Path dataDirectory;

    @Test
    void rejectsAnUnsupportedUrlNamingTheSupportedPrefixes() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> JdbcMessageStore.open("jdbc:mysql://localhost/tributary", "u", "p"));

        assertEquals(BrokerException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains("jdbc:mysql://localhost/tributary"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:h2:") && e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
    }

    /** Creates the schema in this test's H2 database, then runs {@code statements} on it; answers its URL. */
    private String createSchemaThenRun(String... statements) throws Exception {
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
        }
        String url = JdbcMessageStore.h2(dataDirectory).url();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
        return url;
    }

    @Test
    void refusesASchemaNewerThanItUnderstands() throws Exception {
        createSchemaThenRun("INSERT INTO tributary_schema_version (version) VALUES (" + (Schema.VERSION + 98) + ")");

        JdbcMessageStore newer = JdbcMessageStore.h2(dataDirectory);
        BrokerException e = assertThrows(BrokerException.class, newer::start);
        newer.close();

        assertEquals(BrokerException.Kind.STORE_FAILURE, e.kind());
        assertTrue(e.getMessage().contains("version " + (Schema.VERSION + 98)), e.getMessage());
        assertTrue(e.getMessage().contains("up to " + Schema.VERSION), e.getMessage());
    }

    @Test
    void migratesAVersion2SchemaByAddingTheDuplicateIdTable() throws Exception {
        String url = createSchemaThenRun("DROP TABLE " + Schema.DUPLICATE_ID, "DROP TABLE " + TraceTable.TABLE,
                "UPDATE tributary_schema_version SET version = 2");

        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
            store.batch().addDuplicateId("orders", "a", 1).commit().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(new DuplicateIdRecord("a", 1)), store.loadDuplicateIds("orders"));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT MAX(version) FROM tributary_schema_version")) {
            rs.next();
            assertEquals(Schema.VERSION, rs.getInt(1));
        }
    }

    @Test
    void migratesAVersion3SchemaByAddingTheTraceTable() throws Exception {
        String url = createSchemaThenRun("DROP TABLE " + TraceTable.TABLE,
                "UPDATE tributary_schema_version SET version = 3");

        TraceEventRecord event = new TraceEventRecord(7, 1, 1000, "received", "orders", "ID:a", null, "{}", "{}");
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
            assertEquals(0, store.maxTraceEventId());
            store.batch().addTraceEvents(List.of(event)).commit().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(event), store.findTrace(new TraceQuery(TraceQuery.Field.MESSAGE_ID,
                    List.of("ID:a")), 10));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT MAX(version) FROM tributary_schema_version")) {
            rs.next();
            assertEquals(4, rs.getInt(1));
        }
    }

    @Test
    void acceptsAnH2UrlThatSetsItsOwnWriteDelay() {
        String url = "jdbc:h2:file:" + dataDirectory.resolve("own") + ";WRITE_DELAY=0";
        try (JdbcMessageStore store = JdbcMessageStore.open(url, "sa", "")) {
            store.start();
            store.batch().addMessage(1, new byte[] {1}).addReference("q", new StoredReference(1, null, 4, 0, 0, 0,
                    null)).commit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();

            assertEquals(1, store.countReferences("q"));
        }
    }

    @Test
    void failsToStartWithAClearErrorWhenTheDatabaseIsUnreachable() {
        JdbcMessageStore store = JdbcMessageStore.open("jdbc:postgresql://127.0.0.1:1/tributary", "u", "p");

        BrokerException e = assertThrows(BrokerException.class, store::start);
        store.close();

        assertEquals(BrokerException.Kind.STORE_FAILURE, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void groupsBatchesWaitingTogetherIntoOneTransaction() {
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
            List<CompletableFuture<Void>> all = commitMany(store, 2000);

            all.forEach(f -> f.orTimeout(30, TimeUnit.SECONDS).join());

            assertEquals(2000, store.batchesWritten());
            assertTrue(store.transactionsWritten() < 1000, "transactions: " + store.transactionsWritten());
            assertEquals(2000, store.countReferences("q"));
        }
    }

    @Test
    void writesOneTransactionPerBatchWithGroupCommitOff() {
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory).groupCommit(false)) {
            store.start();
            List<CompletableFuture<Void>> all = commitMany(store, 300);

            all.forEach(f -> f.orTimeout(30, TimeUnit.SECONDS).join());

            assertEquals(300, store.transactionsWritten());
            assertEquals(300, store.countReferences("q"));
        }
    }

    @Test
    void acceptsOptionsOnlyBeforeStart() {
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            assertEquals(BrokerException.Kind.INVALID_ARGUMENT,
                    assertThrows(BrokerException.class, () -> store.outageLimit(Duration.ofSeconds(-1))).kind());
            assertEquals(BrokerException.Kind.INVALID_ARGUMENT,
                    assertThrows(BrokerException.class, () -> store.poolSize(1)).kind());
            store.start();

            assertEquals(BrokerException.Kind.ILLEGAL_STATE,
                    assertThrows(BrokerException.class, () -> store.groupCommit(false)).kind());
        }
    }

    private static List<CompletableFuture<Void>> commitMany(JdbcMessageStore store, int count) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            all.add(store.batch().addMessage(id, new byte[1024]).addReference("q",
                    new StoredReference(id, null, 4, 0, 0, 0, null)).commit().toCompletableFuture());
        }
        return all;
    }
}
