package io.tributary.broker;

import io.tributary.core.BrokerException;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import io.tributary.core.store.jdbc.StoreLease;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the message store the broker runs on: the one place that chooses between stores. The engine starts it.
 */
final class StoreFactory {

    private StoreFactory() {
    }

    /** What was opened, and a description for the start line. */
    record Opened(MessageStore store, String description) {
    }

    /**
     * Opens the store.
     *
     * @param jdbcUrl  a JDBC URL, or null for the default H2 database in {@code dataDir}
     * @param user     the database user, or null
     * @param password    the database password, or null
     * @param outageLimit how long sends wait for a database that is unreachable or cannot write (disk full)
     * @param lease       the HA lease this node holds, fencing every store transaction; null without HA
     * @param journal     {@code store.journal}: messages in the H2 store's journal (null: not set, see
     *                    {@code JdbcMessageStore.journal}); true only without {@code jdbcUrl}
     */
    static Opened open(String jdbcUrl, String user, String password, Path dataDir, Duration outageLimit,
                       StoreLease lease, Boolean journal) {
        if (Boolean.TRUE.equals(journal) && jdbcUrl != null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "store.journal = true is only for the"
                    + " embedded H2 store; with store.url set everything stays in that database (remove one of the"
                    + " two)");
        }
        if (lease != null) {
            return new Opened(JdbcMessageStore.open(jdbcUrl, user, password).outageLimit(outageLimit).fencedBy(lease),
                    jdbcUrl + " (HA node " + lease.nodeId() + ", epoch " + lease.epoch() + ")");
        }
        if (jdbcUrl == null) {
            JdbcMessageStore h2 = JdbcMessageStore.h2(dataDir).outageLimit(outageLimit);
            if (journal != null) {
                h2.journal(journal);
            }
            return new Opened(h2, "H2 (" + h2.url() + ")");
        }
        return new Opened(JdbcMessageStore.open(jdbcUrl, user, password).outageLimit(outageLimit), jdbcUrl);
    }
}
