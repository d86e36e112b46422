package io.tributary.core.store.jdbc;

import io.tributary.core.BrokerException;
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

    /** Driver properties the store needs with this database (fast batches, durable commits) for this URL. */
    default Map<String, String> driverProperties(String jdbcUrl) {
        return Map.of();
    }

    /**
     * A statement to run after each commit to force it to stable storage, or null when the database does
     * that itself on commit (PostgreSQL with its default {@code synchronous_commit}).
     */
    default String syncAfterCommit() {
        return null;
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
