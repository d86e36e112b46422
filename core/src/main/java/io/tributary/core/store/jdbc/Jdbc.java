package io.tributary.core.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

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
}
