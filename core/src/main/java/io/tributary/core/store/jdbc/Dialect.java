package io.tributary.core.store.jdbc;

import io.tributary.core.BrokerException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What differs between databases: column types, the upsert statement and driver tuning. Everything else
 * the JDBC store writes is standard SQL, so another database needs only another implementation of this
 * interface (and a line in {@link #forUrl}). Implementations are stateless.
 */
interface Dialect {

    /** The name used in messages, e.g. {@code H2}. */
    String name();

    /** The JDBC URL prefix this dialect serves, e.g. {@code jdbc:h2:}. */
    String urlPrefix();

    /** Column type for message bytes of any size. */
    String binaryType();

    /** Column type for unbounded text. */
    String textType();

    /**
     * An insert-or-replace statement for {@code table} keyed by its first {@code keyColumns} {@code columns};
     * its parameters are the columns in order.
     */
    String upsert(String table, List<String> columns, int keyColumns);

    /** The clause that caps a query's rows, with one parameter for the count. */
    default String limitClause() {
        return "LIMIT ?";
    }

    /**
     * Where the database keeps what the store writes, for messages about a write that failed: the data file of an
     * embedded database, else {@code the database at <url>}.
     */
    default String location(String jdbcUrl) {
        return "the database at " + jdbcUrl;
    }

    /** Driver properties the store needs with this database (fast batches, durable commits) for this URL. */
    default Map<String, String> driverProperties(String jdbcUrl) {
        return Map.of();
    }

    /**
     * A new action for one writer to run after each of its commits, on the same connection: it forces the
     * commit to stable storage when the database does not do that on commit, and does any upkeep the database
     * needs. The default does nothing (PostgreSQL's commit is durable with its default
     * {@code synchronous_commit}).
     */
    default AfterCommit afterCommit() {
        return c -> { };
    }

    /** Run by the store's writer thread after each commit; may keep state, confined to that thread. */
    @FunctionalInterface
    interface AfterCommit {

        /**
         * @throws SQLException when the database refuses; the writer then treats the group as not stored
         */
        void afterCommit(WriterConnection c) throws SQLException;
    }

    /** The dialect for a JDBC URL. */
    static Dialect forUrl(String jdbcUrl) {
        List<Dialect> known = List.of(new H2Dialect(), new PostgresDialect());
        for (Dialect d : known) {
            if (jdbcUrl != null && jdbcUrl.startsWith(d.urlPrefix())) {
                return d;
            }
        }
        throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "store URL '" + jdbcUrl
                + "' is not supported; use a URL starting with one of "
                + known.stream().map(Dialect::urlPrefix).toList());
    }
}
