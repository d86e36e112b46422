package io.tributary.core.store.jdbc;

import io.tributary.core.BrokerException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The store's tables and their version. {@link #createOrCheck} creates the tables in an empty database and
 * records {@link #VERSION}; it refuses a database whose schema is newer than this code. Stateless.
 *
 * <p>Design note: a later version adds a migration step from version N to N+1 here and bumps
 * {@link #VERSION}; the version table then says which steps already ran.
 */
final class Schema {

    /** The schema version this code writes and understands. */
    static final int VERSION = 4;

    static final String VERSION_TABLE = "tributary_schema_version";
    static final String COUNTER = "tributary_counter";
    static final String ADDRESS = "tributary_address";
    static final String QUEUE = "tributary_queue";
    static final String MESSAGE = "tributary_message";
    static final String REF = "tributary_ref";
    /** The remembered duplicate ids of each address (schema version 3). */
    static final String DUPLICATE_ID = "tributary_duplicate_id";

    static final String MAX_MESSAGE_ID = "max-message-id";
    /** The marker of the last journal record whose database part committed ({@link MessageJournal}). */
    static final String JOURNAL_MARKER = "journal-marker";
    /** The prefix of the counter rows naming journal markers whose groups did not commit ({@link MessageJournal}). */
    static final String JOURNAL_VOID = "journal-void-";
    /** The counter the writer sets to test whether it can write again (when the last write probe succeeded). */
    static final String WRITE_PROBE = "write-probe";

    private Schema() {
    }

    /**
     * Creates the schema when absent; otherwise checks its version.
     *
     * @throws SQLException when the database cannot be reached or refuses a statement
     */
    static void createOrCheck(Connection c, Dialect dialect, String url) throws SQLException {
        c.setAutoCommit(false);
        if (!tableExists(c, VERSION_TABLE)) {
            try (Statement s = c.createStatement()) {
                for (String ddl : ddl(dialect)) {
                    s.execute(ddl);
                }
                for (String ddl : StreamSchema.ddl(dialect)) {
                    s.execute(ddl);
                }
                s.execute(duplicateIdDdl(dialect));
                for (String ddl : TraceTable.ddl(dialect)) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO " + VERSION_TABLE + " (version) VALUES (" + VERSION + ")");
                s.execute("INSERT INTO " + COUNTER + " (name, counter_value) VALUES ('" + MAX_MESSAGE_ID + "', 0)");
            }
            c.commit();
            return;
        }
        int found = storedVersion(c);
        if (found == 1) {
            migrateToStreams(c, dialect);
        }
        if (found >= 1 && found < 3) {
            migrateToDuplicateIds(c, dialect);
        }
        if (found >= 1 && found < 4) {
            migrateToTrace(c, dialect);
        }
        c.commit();
        if (found > VERSION) {
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "the database at " + url
                    + " has Tributary schema version " + found + " but this broker understands versions up to "
                    + VERSION + "; run the newer broker that wrote it, or point this one at another database");
        }
    }

    private static List<String> ddl(Dialect d) {
        String text = d.textType();
        return List.of(
                "CREATE TABLE " + VERSION_TABLE + " (version INT NOT NULL)",
                "CREATE TABLE " + COUNTER + " (name VARCHAR(64) PRIMARY KEY, counter_value BIGINT NOT NULL)",
                "CREATE TABLE " + ADDRESS + " (name " + text + " PRIMARY KEY, kind VARCHAR(16) NOT NULL, settings "
                        + text + " NOT NULL)",
                "CREATE TABLE " + QUEUE + " (name " + text + " PRIMARY KEY, address " + text
                        + " NOT NULL, subscription_name " + text + ", client_id " + text
                        + ", is_shared BOOLEAN NOT NULL, selector_text " + text + ", no_local BOOLEAN NOT NULL)",
                "CREATE TABLE " + MESSAGE + " (id BIGINT PRIMARY KEY, body " + d.binaryType() + " NOT NULL)",
                "CREATE TABLE " + REF + " (queue_name " + text + " NOT NULL, message_id BIGINT NOT NULL REFERENCES "
                        + MESSAGE + " (id) ON DELETE CASCADE, priority SMALLINT NOT NULL, delivery_count INT NOT NULL,"
                        + " delivery_time BIGINT NOT NULL, expiry_time BIGINT NOT NULL, group_id " + text
                        + ", PRIMARY KEY (queue_name, message_id))",
                "CREATE INDEX tributary_ref_message ON " + REF + " (message_id)");
    }

    /** Version 1 to 2: adds the stream tables. */
    private static void migrateToStreams(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : StreamSchema.ddl(dialect)) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO " + VERSION_TABLE + " (version) VALUES (2)");
        }
    }

    /** Version 2 to 3: adds the duplicate id table. */
    private static void migrateToDuplicateIds(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(duplicateIdDdl(dialect));
            s.execute("INSERT INTO " + VERSION_TABLE + " (version) VALUES (3)");
        }
    }

    /** Version 3 to 4: adds the message trace table. */
    private static void migrateToTrace(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : TraceTable.ddl(dialect)) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO " + VERSION_TABLE + " (version) VALUES (4)");
        }
    }

    private static String duplicateIdDdl(Dialect d) {
        return "CREATE TABLE " + DUPLICATE_ID + " (address " + d.textType() + " NOT NULL, dup_id " + d.textType()
                + " NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (address, dup_id))";
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int storedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
