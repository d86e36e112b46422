package io.tributary.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.BrokerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live node's lease in a store that several broker processes share ({@code ha.mode=shared-store}): one row
 * (node id, epoch, expiry in the database's clock) that at most one node holds. The node that holds it is live:
 * it starts the store, recovers and serves; the others wait in {@link #awaitLive}. The live node renews the lease
 * every third of its length; a standby takes it only once it has expired, raising the epoch.
 *
 * <p>Design note, fencing: a live node can be paused (GC, SIGSTOP) or cut off from the database past its lease and
 * then carry on as if nothing happened. So every transaction of its store's writer first locks the lease row in
 * shared mode and proves that the row still names this node and epoch and has not expired
 * ({@link #FENCE}); a takeover locks the same row exclusively, so it waits for a writer transaction in flight and
 * every later one finds the new epoch and fails. A fenced writer fails every batch and calls {@link #lost}: no
 * send is confirmed that the new live node might not see. Times are the database's ({@code clock_timestamp()}),
 * so the nodes' clocks need not agree.
 *
 * <p>Design note, later: the lease row is keyed by a name ({@value #LIVE} for the whole node), so that a lease can
 * later cover one queue or stream partition and several live nodes share the load (see docs/ARCHITECTURE.md).
 *
 * <p>Only PostgreSQL: an H2 file belongs to one process. Thread-safe; one renewal thread per lease.
 */
public final class StoreLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLease.class);
    static final String TABLE = "tributary_lease";
    static final String NODE_TABLE = "tributary_node";
    /** The name of the lease on the whole node. */
    static final String LIVE = "live";
    /** How often a standby tries the lease at most: it notices a lease given up (a clean stop) this soon. */
    private static final long MAX_POLL_MILLIS = 500;
    /** PostgreSQL's SQLSTATE for a lock wait that ran past {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    /** (node id, epoch): one row while this node holds the lease; locks it against a takeover until commit. */
    static final String FENCE = "SELECT 1 FROM " + TABLE + " WHERE name = '" + LIVE + "' AND node_id = ? AND epoch = ?"
            + " AND expires_at > " + NOW + " FOR SHARE";

    private final String url;
    private final String nodeId;
    private final Duration lease;
    private final HikariDataSource dataSource;
    private volatile long epoch;
    private volatile long expiredFor;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Runnable onLost = () -> { };
    private Thread renewer;

    private StoreLease(String url, String nodeId, Duration lease, HikariDataSource dataSource) {
        this.url = url;
        this.nodeId = nodeId;
        this.lease = lease;
        this.dataSource = dataSource;
    }

    /**
     * A lease on the PostgreSQL store at {@code url} for node {@code nodeId}, its tables created if absent.
     *
     * @throws BrokerException INVALID_ARGUMENT for a database other than PostgreSQL, an empty node id or a lease
     *     under a second; STORE_FAILURE when the database cannot be reached
     */
    public static StoreLease open(String url, String user, String password, String nodeId, Duration lease) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "high availability (ha.mode=shared-store)"
                    + " needs a store that several processes share, a PostgreSQL store.url (jdbc:postgresql:...);"
                    + " store '" + url + "' belongs to one process");
        }
        if (nodeId == null || nodeId.isBlank() || nodeId.length() > 200) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "ha.node-id must name this node"
                    + " (1 to 200 characters), unique among the brokers sharing the store");
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "ha.lease " + lease.toMillis()
                    + " ms is too short; use at least 1s");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("tributary-lease");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, lease.toMillis() / 3));
        config.setValidationTimeout(250);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "cannot connect to the database at " + url
                    + " for the HA lease (" + Fault.reason(e) + ")", e);
        }
        StoreLease l = new StoreLease(url, nodeId, lease, ds);
        try {
            l.createTables();
        } catch (SQLException | RuntimeException e) {
            ds.close();
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "cannot create the HA lease tables in the"
                    + " database at " + url + " (" + Fault.reason(e) + ")", e);
        }
        return l;
    }

    private void createTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(200) PRIMARY KEY, node_id VARCHAR(200)"
                    + " NOT NULL, epoch BIGINT NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + NODE_TABLE + " (node_id VARCHAR(200) PRIMARY KEY, address TEXT"
                    + " NOT NULL, seen_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            // two nodes creating at once: PostgreSQL may refuse the second IF NOT EXISTS; the tables are there
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1 FROM " + TABLE + " WHERE 1 = 0").close();
            } catch (SQLException again) {
                e.addSuppressed(again);
                throw e;
            }
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public Duration duration() {
        return lease;
    }

    /** The epoch this node holds the lease in; 0 before {@link #awaitLive}. */
    public long epoch() {
        return epoch;
    }

    /**
     * How long the lease had been free when this node took it, in milliseconds of the database's clock: 0 for a
     * lease never held, else the time since it expired or was given up. With the time since {@link #awaitLive}
     * answered it makes the takeover time.
     */
    public long expiredForMillis() {
        return expiredFor;
    }

    /** Whether this node holds the lease (from {@link #awaitLive} until it is lost or closed). */
    public boolean live() {
        return live;
    }

    /**
     * Waits until this node holds the lease: takes it at once when nobody holds it or it has expired, else tries
     * again every third of the lease (at most every 500 ms) while {@code keepWaiting} says so. Answers the epoch, or
     * 0 if it stopped waiting.
     */
    public long awaitLive(BooleanSupplier keepWaiting) throws InterruptedException {
        long retry = Math.max(100, Math.min(MAX_POLL_MILLIS, lease.toMillis() / 3));
        boolean reported = false;
        while (!closed && keepWaiting.getAsBoolean()) {
            try {
                String holder = tryTake();
                if (holder == null) {
                    live = true;
                    LOG.info("HA: node {} is live (lease {} ms, epoch {})", nodeId, lease.toMillis(), epoch);
                    return epoch;
                }
                if (!reported) {
                    LOG.info("HA: node {} stands by; node {} holds the lease", nodeId, holder);
                    reported = true;
                }
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    LOG.info("HA: node {} waits: the live node holds the lease row in a transaction", nodeId);
                } else {
                    LOG.warn("HA: node {} cannot reach the database at {} to take the lease ({}); retrying", nodeId,
                            url, Fault.reason(e));
                }
            } catch (RuntimeException e) {
                LOG.warn("HA: node {} cannot reach the database at {} to take the lease ({}); retrying", nodeId, url,
                        Fault.reason(e));
            }
            TimeUnit.MILLISECONDS.sleep(retry);
        }
        return 0;
    }

    /** Takes the lease if free or expired; answers null when taken, else the node holding it. */
    private String tryTake() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String holder = null;
                long current = 0;
                boolean expired = true;
                boolean exists = false;
                long expiredAgo = 0;
                try (Statement s = c.createStatement()) {
                    // a live node paused inside a writer transaction holds the row; do not wait for it forever
                    s.execute("SET LOCAL lock_timeout = " + lease.toMillis());
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT node_id, epoch, expires_at <= " + NOW + ", "
                        + NOW + " - expires_at FROM " + TABLE + " WHERE name = ? FOR UPDATE")) {
                    ps.setString(1, LIVE);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            exists = true;
                            holder = rs.getString(1);
                            current = rs.getLong(2);
                            expired = rs.getBoolean(3);
                            expiredAgo = Math.max(0, rs.getLong(4));
                        }
                    }
                }
                if (!expired) {
                    c.rollback();
                    return holder;
                }
                String sql = exists
                        ? "UPDATE " + TABLE + " SET node_id = ?, epoch = ?, expires_at = " + NOW + " + ? WHERE name = ?"
                        : "INSERT INTO " + TABLE + " (node_id, epoch, expires_at, name) VALUES (?, ?, " + NOW
                        + " + ?, ?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, nodeId);
                    ps.setLong(2, current + 1);
                    ps.setLong(3, lease.toMillis());
                    ps.setString(4, LIVE);
                    ps.executeUpdate();
                }
                c.commit();
                epoch = current + 1;
                expiredFor = expiredAgo;
                if (exists) {
                    LOG.info("HA: node {} takes over from node {} (its lease expired)", nodeId, holder);
                }
                return null;
            } catch (SQLException | RuntimeException e) {
                Jdbc.rollbackQuietly(c);
                throw e;
            }
        }
    }

    /**
     * Renews the lease every third of its length on a thread of its own until it is lost or closed; {@code lost}
     * runs once when the lease is lost (another node took it, or renewing failed for longer than the lease).
     */
    public synchronized void keepRenewing(Runnable lost) {
        if (!live || renewer != null) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "the lease can only be renewed once taken");
        }
        this.onLost = lost;
        renewer = new Thread(this::renewLoop, "tributary-lease");
        renewer.setDaemon(true);
        renewer.start();
    }

    private void renewLoop() {
        long lastRenewed = System.nanoTime();
        long every = Math.max(100, lease.toMillis() / 3);
        while (!closed && live) {
            try {
                TimeUnit.MILLISECONDS.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            long started = System.nanoTime();
            try {
                if (!renew()) {
                    lost("another node took the lease");
                    return;
                }
                lastRenewed = started;
            } catch (SQLException | RuntimeException e) {
                if (System.nanoTime() - lastRenewed >= lease.toNanos()) {
                    lost("renewing failed for longer than the lease (" + Fault.reason(e) + ")");
                    return;
                }
                LOG.warn("HA: node {} could not renew its lease ({}); retrying", nodeId, Fault.reason(e));
            }
        }
    }

    private boolean renew() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET expires_at = " + NOW + " + ? WHERE"
                     + " name = ? AND node_id = ? AND epoch = ? AND expires_at > " + NOW)) {
            ps.setLong(1, lease.toMillis());
            ps.setString(2, LIVE);
            ps.setString(3, nodeId);
            ps.setLong(4, epoch);
            return ps.executeUpdate() == 1;
        }
    }

    /** The lease is gone (a fenced transaction, or renewing found it taken): runs the callback once. */
    void lost(String why) {
        Runnable callback;
        synchronized (this) {
            if (!live) {
                return;
            }
            live = false;
            callback = onLost;
        }
        LOG.error("HA: node {} is no longer live: {}; it stops serving", nodeId, why);
        callback.run();
    }

    /**
     * Records where this node serves (an AMQP URL), so that the live node can tell clients about its peers; call it
     * at start and now and then (standby nodes too).
     */
    public void advertise(String address) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + NODE_TABLE + " (node_id, address, seen_at)"
                    + " VALUES (?, ?, " + NOW + ") ON CONFLICT (node_id) DO UPDATE SET address = EXCLUDED.address,"
                    + " seen_at = EXCLUDED.seen_at")) {
                ps.setString(1, nodeId);
                ps.setString(2, address);
                ps.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("HA: node {} could not record its address ({})", nodeId, Fault.reason(e));
        }
    }

    private void release() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET expires_at = " + NOW + " WHERE"
                     + " name = ? AND node_id = ? AND epoch = ?")) {
            ps.setString(1, LIVE);
            ps.setString(2, nodeId);
            ps.setLong(3, epoch);
            ps.executeUpdate();
            LOG.info("HA: node {} gave up its lease (epoch {})", nodeId, epoch);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("HA: node {} could not give up its lease ({}); it expires in {} ms", nodeId, Fault.reason(e),
                    lease.toMillis());
        }
    }

    /** The addresses of the other nodes seen within {@code within}, for clients' failover lists. */
    public List<String> peers(Duration within) {
        List<String> peers = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT address FROM " + NODE_TABLE + " WHERE node_id <> ?"
                     + " AND seen_at > " + NOW + " - ? ORDER BY node_id")) {
            ps.setString(1, nodeId);
            ps.setLong(2, within.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    peers.add(rs.getString(1));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("HA: node {} could not read its peers' addresses ({})", nodeId, Fault.reason(e));
        }
        return peers;
    }

    /**
     * Stops renewing and closes the lease's connections. A live node gives its lease up, so that a standby takes
     * over at once instead of when it expires; call it only once the store is closed.
     */
    @Override
    public void close() {
        closed = true;
        if (live) {
            live = false;
            release();
        }
        Thread t;
        synchronized (this) {
            t = renewer;
        }
        if (t != null) {
            t.interrupt();
        }
        dataSource.close();
    }
}
