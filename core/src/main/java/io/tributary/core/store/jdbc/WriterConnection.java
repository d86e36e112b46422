package io.tributary.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer's own database connection, held from one transaction to the next with its prepared statements.
 *
 * <p>Design note: taking a pooled connection and preparing each statement again for every transaction cost
 * the durable path about a sixth of its CPU per message (H2 parses the SQL of every {@code prepareStatement}:
 * profiled at 1 KiB sends from one producer). The writer is one thread and the statements are a dozen fixed
 * strings, so it keeps them all. After a failure that may have broken the connection the writer {@link #close()}s
 * this and opens a new one: H2 reopens its file only once every session closed, and a PostgreSQL connection may be
 * dead.
 *
 * <p>Not thread-safe: confined to the store's writer thread.
 */
final class WriterConnection implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    WriterConnection(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    /** The connection, for what the statement cache does not cover. */
    Connection connection() {
        return connection;
    }

    /** The prepared statement for {@code sql}, prepared on first use, with no parameters or batch left. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
            ps.clearBatch();
        }
        return ps;
    }

    void commit() throws SQLException {
        connection.commit();
    }

    /** Closes the statements and gives the connection back to the pool; never throws. */
    @Override
    public void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // the connection is going away anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            // a broken connection: the pool drops it
        }
    }
}
