package io.tributary.core.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Small JDBC helpers. Stateless. */
final class Jdbc {

    private static final int VALID_TIMEOUT_SECONDS = 2;

    private Jdbc() {
    }

    /**
     * Rolls back and tells whether the connection still works: true when the database answered, false when
     * the connection is broken (the failure was the connection, not the statements).
     */
    static boolean rollbackQuietly(Connection c) {
        try {
            c.rollback();
            return c.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether the failure says the connection or the database is gone (JDBC's connection exceptions, SQLState
     * class 08), rather than that a statement was refused.
     */
    static boolean connectionLost(SQLException e) {
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    /** Whether the connection still works; false when asking fails too. */
    static boolean isValidQuietly(Connection c) {
        try {
            return c.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Drops the pool's connections (those in use when they come back), so that the next ones are new. A broken
     * connection is the pool's business, but one case needs all of them gone: H2 closes its database by itself
     * after an internal error and answers every session with "the database has been closed" until the last one
     * closes; only then does a new connection open the file again.
     */
    static void evictConnections(HikariDataSource ds) {
        HikariPoolMXBean pool = ds.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }
}
