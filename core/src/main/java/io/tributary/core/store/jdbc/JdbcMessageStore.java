package io.tributary.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.DuplicateIdRecord;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.store.StoredReference;
import io.tributary.core.store.StreamEntryRecord;
import io.tributary.core.store.StreamIndexRecord;
import io.tributary.core.store.StreamOffsetRecord;
import io.tributary.core.store.StreamPartitionRecord;
import io.tributary.core.store.TraceEventRecord;
import io.tributary.core.store.TraceQuery;
import io.tributary.core.store.StoreObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store in a JDBC database (H2 embedded by default, PostgreSQL, or any database with a {@link Dialect}),
 * over a HikariCP pool. Writes are group-committed by one writer thread ({@link GroupWriter}); loads run on
 * the caller's thread.
 *
 * <p>Configure with {@link #groupCommit}, {@link #outageLimit} and {@link #poolSize} before {@link #start()}.
 *
 * <p>Commit stages complete on the writer's completion thread, in commit order (so a producer's pipelined sends
 * are confirmed in order). A continuation should be quick and must never wait for another store commit: that would
 * stall every later completion. Hop to another executor for anything slow.
 *
 * <p>Thread-safe: every method may be called from any thread after {@link #start()}.
 */
public final class JdbcMessageStore implements MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageStore.class);

    /** How long sends wait for a store that cannot write before they fail, unless {@link #outageLimit} is set. */
    public static final Duration DEFAULT_OUTAGE_LIMIT = Duration.ofSeconds(30);

    /** Most operations one database transaction takes when batches are grouped. */
    static final int MAX_GROUP_OPS = 4000;

    private final String url;
    private final String user;
    private final String password;
    private final Dialect dialect;
    private final Statements sql;
    private boolean groupCommit = true;
    private Duration outageLimit = DEFAULT_OUTAGE_LIMIT;
    private int poolSize = 8;
    private StoreLease lease;
    private StoreObserver observer = StoreObserver.NONE;
    private Object metricRegistry;
    private volatile HikariDataSource dataSource;
    private volatile GroupWriter writer;
    private volatile boolean closed;
    /** The data directory of an H2 file store ({@link #h2}), where the journal may go; null for others. */
    private Path h2Directory;
    /** {@link #journal} as chosen: null for the default (see there). */
    private Boolean journalChoice;
    /** Where the journal goes, decided at start; null: messages and references in the database's tables. */
    private Path journalDirectory;
    private long journalSegmentSize = MessageJournal.DEFAULT_SEGMENT_SIZE;
    private long journalIdleMillis = GroupWriter.IDLE_SYNC_MS;
    private volatile MessageJournal journal;

    private JdbcMessageStore(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = Dialect.forUrl(url);
        this.sql = Statements.of(dialect);
    }

    /** An H2 file database {@code <dataDirectory>/tributary}, created if absent. Call {@link #start()} next. */
    public static JdbcMessageStore h2(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path file = dataDirectory.toAbsolutePath().resolve("tributary");
        // A small page cache: the broker keeps what it delivers in its own heap and reads each message back at
        // most once.
        JdbcMessageStore store = new JdbcMessageStore("jdbc:h2:file:" + file + ";CACHE_SIZE=16384", "sa", "");
        store.h2Directory = dataDirectory.toAbsolutePath();
        return store;
    }

    /**
     * Messages and queue references in the append-only journal {@code <dataDir>/journal} beside the H2 file (see
     * {@link MessageJournal}), or in the database's tables. Only for an H2 file store ({@link #h2}): a PostgreSQL
     * store is shared by the HA nodes, so everything stays in the database. Not chosen, an H2 store uses the
     * journal in a new data directory and keeps what an existing one uses (an upgrade does not copy a backlog it may
     * lack the disk space for). A data directory with a journal keeps using it (moving messages back into the
     * tables is not built); {@code true} on one without moves the tables' messages into the journal at start.
     * Before start only.
     */
    public JdbcMessageStore journal(boolean enabled) {
        requireNotStarted("journal");
        if (enabled && h2Directory == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "the message journal is only for the"
                    + " embedded H2 store in a data directory, not for " + url);
        }
        journalChoice = enabled;
        return this;
    }

    /** The journal's index in the heap (an estimate from its references); 0 without a journal. */
    @Override
    public long heapBytes() {
        return journalFigure(MessageJournal::indexBytes);
    }

    /** Bytes of records in the journal's segments; 0 without a journal (for metrics). */
    public long journalBytes() {
        return journalFigure(MessageJournal::totalBytes);
    }

    /** Bytes of the journal's records still live (messages, references, duplicate ids); 0 without a journal. */
    public long journalLiveBytes() {
        return journalFigure(MessageJournal::liveBytes);
    }

    /** The journal's segment files; 0 without a journal. */
    public int journalSegments() {
        return (int) journalFigure(MessageJournal::segmentCount);
    }

    /** A figure of the journal now, or 0 without one (before start, with the tables, after close). */
    private long journalFigure(ToLongFunction<MessageJournal> figure) {
        MessageJournal j = journal;
        return j == null ? 0 : figure.applyAsLong(j);
    }

    /** True when messages and references go to the journal (decided at start). */
    public boolean journalEnabled() {
        return journalDirectory != null;
    }

    /** Where the journal goes, or null: decided before the database is opened (whether it existed matters). */
    private Path decideJournal() {
        if (h2Directory == null) {
            return null;
        }
        Path dir = h2Directory.resolve("journal");
        if (Files.isDirectory(dir)) {
            if (Boolean.FALSE.equals(journalChoice)) {
                LOG.warn("store {}: the data directory holds a message journal, so it stays in use (store.journal ="
                        + " false applies to new data directories; moving messages back into the tables is not"
                        + " built)", url);
            }
            return dir;
        }
        if (journalChoice != null) {
            return journalChoice ? dir : null;
        }
        return Files.exists(h2Directory.resolve("tributary.mv.db")) ? null : dir;
    }

    /** How long acknowledgements may wait for the next group before the writer appends them (for tests). */
    JdbcMessageStore journalIdleMillis(long millis) {
        requireNotStarted("journalIdleMillis");
        this.journalIdleMillis = millis;
        return this;
    }

    /** The size of the journal's segment files (default 32 MiB; tests use small ones). Before start only. */
    JdbcMessageStore journalSegmentSize(long bytes) {
        requireNotStarted("journalSegmentSize");
        this.journalSegmentSize = bytes;
        return this;
    }

    /** The journal, or null (for tests). */
    MessageJournal journalForTests() {
        return journal;
    }

    /**
     * A store in the database at {@code jdbcUrl}; the dialect follows the URL prefix ({@code jdbc:h2:},
     * {@code jdbc:postgresql:}). Call {@link #start()} next.
     *
     * @throws BrokerException INVALID_ARGUMENT for any other URL
     */
    public static JdbcMessageStore open(String jdbcUrl, String user, String password) {
        return new JdbcMessageStore(jdbcUrl, user, password);
    }

    /** Group commit on (default) or off (one transaction per batch, for comparison). Before start only. */
    public JdbcMessageStore groupCommit(boolean enabled) {
        requireNotStarted("groupCommit");
        this.groupCommit = enabled;
        return this;
    }

    /**
     * How long writes wait for a database that is unreachable or cannot write (disk full) before the batches
     * someone waits for (sends, transactions) fail (default 30 s); acknowledgements are kept until they are
     * written. Before start only.
     */
    public JdbcMessageStore outageLimit(Duration limit) {
        requireNotStarted("outageLimit");
        if (limit == null || limit.isNegative()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "store outage limit " + limit
                    + " is invalid; it must be >= 0");
        }
        this.outageLimit = limit;
        return this;
    }

    /** How long writes wait for a database that is unreachable or cannot write before sends fail. */
    public Duration outageLimit() {
        return outageLimit;
    }

    /** Connections in the pool (default 8, at least 2: one for the writer, others for loads). */
    public JdbcMessageStore poolSize(int size) {
        requireNotStarted("poolSize");
        if (size < 2) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "store pool size " + size
                    + " is invalid; it must be >= 2");
        }
        this.poolSize = size;
        return this;
    }

    /**
     * Fences every transaction with the HA lease this node holds ({@link StoreLease#awaitLive} answered): a
     * transaction commits only while the lease still names this node's epoch. Once one finds it gone, every batch
     * fails and the lease's {@code lost} callback runs.
     */
    public JdbcMessageStore fencedBy(StoreLease lease) {
        requireNotStarted("fencedBy");
        if (!lease.live()) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "the store can only be fenced by a lease"
                    + " this node holds; wait for it with awaitLive first");
        }
        this.lease = lease;
        return this;
    }

    /** Tells {@code observer} about every commit of the writer (for metrics). Before start only. */
    public JdbcMessageStore observer(StoreObserver observer) {
        requireNotStarted("observer");
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * Has the connection pool report its own metrics to {@code registry}: a Micrometer {@code MeterRegistry} (or
     * a Dropwizard one), which HikariCP recognises by its class; the core names neither. Before start only.
     */
    public JdbcMessageStore poolMetrics(Object registry) {
        requireNotStarted("poolMetrics");
        this.metricRegistry = registry;
        return this;
    }

    /** Batches waiting for the writer now (not yet in a transaction); 0 before start. */
    public int pendingBatches() {
        GroupWriter w = writer;
        return w == null ? 0 : w.pending();
    }

    /** True when batches are group-committed. */
    public boolean groupCommitEnabled() {
        return groupCommit;
    }

    /** The JDBC URL of the database. */
    public String url() {
        return url;
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "store for " + url
                    + " was closed; open a new one");
        }
        if (dataSource != null) {
            return;
        }
        journalDirectory = decideJournal();
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(poolConfig());
        } catch (RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "cannot connect to the database at " + url
                    + " (" + Fault.reason(e) + "); check that it runs, the URL, user and password", e);
        }
        try (Connection c = ds.getConnection()) {
            Schema.createOrCheck(c, dialect, url);
        } catch (SQLException | RuntimeException e) {
            ds.close();
            if (e instanceof BrokerException b) {
                throw b;
            }
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "cannot create or check the Tributary"
                    + " schema in the database at " + url + " (" + Fault.reason(e) + ")", e);
        }
        dataSource = ds;
        if (journalDirectory != null) {
            try {
                Set<Long> voided = new HashSet<>(rows("the voided journal markers", Statements.JOURNAL_VOIDS,
                        rs -> rs.getLong(1)));
                journal = MessageJournal.open(journalDirectory, journalSegmentSize,
                        queryLong("the journal marker", Statements.JOURNAL_MARKER), voided);
                migrateToJournal();
            } catch (IOException | RuntimeException e) {
                if (journal != null) {
                    journal.close();
                }
                ds.close();
                dataSource = null;
                if (e instanceof BrokerException b) {
                    throw b;
                }
                throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "cannot open the message journal in "
                        + journalDirectory + " (" + Fault.reason(e) + ")", e);
            }
        }
        if (h2Directory != null) {
            LOG.info("store {}: messages and queue references in {}", url, journal != null
                    ? "the journal " + journalDirectory : "the database's tables (store.journal = false, or a data"
                    + " directory an earlier version made)");
        }
        writer = new GroupWriter(ds, sql, dialect, url, groupCommit, MAX_GROUP_OPS, outageLimit, lease,
                observer, journal);
        writer.idleMillis(journalIdleMillis);
    }

    /**
     * Moves the messages and references an earlier version kept in the database into the journal: each queue's
     * references a page at a time (a message once), then deletes them from the database in one transaction. A
     * crash in between moves them again at the next start (the journal takes the same records twice).
     */
    private void migrateToJournal() throws IOException {
        if (queryLong("the references in the database", Statements.COUNT_ALL_REFERENCES) == 0
                && queryLong("the duplicate ids in the database", Statements.COUNT_ALL_DUPLICATE_IDS) == 0) {
            return;
        }
        List<Op> duplicateIds = rows("the duplicate ids", "SELECT address, dup_id, seq FROM " + Schema.DUPLICATE_ID,
                rs -> new Op.AddDuplicateId(rs.getString(1), rs.getString(2), rs.getLong(3)));
        for (int from = 0; from < duplicateIds.size(); from += 1000) {
            journal.apply(journal.append(duplicateIds.subList(from, Math.min(duplicateIds.size(), from + 1000)),
                    MessageJournal.RESTATE));
        }
        Set<Long> moved = new HashSet<>();
        long count = 0;
        // every queue name the references have (not only the queue table's: a reference's queue row is not checked)
        List<String> queueNames = rows("the queues of the references", "SELECT DISTINCT queue_name FROM "
                + Schema.REF, rs -> rs.getString(1));
        for (String queue : queueNames) {
            long after = 0;
            while (true) {
                List<StoredReference> page = loadReferencesFromDatabase(queue, after, 256);
                List<Op> ops = new ArrayList<>();
                for (StoredReference r : page) {
                    if (moved.add(r.messageId())) {
                        ops.add(new Op.AddMessage(r.messageId(), r.encoded()));
                    }
                    ops.add(new Op.AddReference(queue, new StoredReference(r.messageId(), null, r.priority(),
                            r.deliveryCount(), r.deliveryTime(), r.expiryTime(), r.groupId())));
                    after = r.messageId();
                }
                if (!ops.isEmpty()) {
                    journal.apply(journal.append(ops, MessageJournal.RESTATE));
                    count += page.size();
                }
                if (page.size() < 256) {
                    break;
                }
            }
        }
        query("the references moved to the journal", c -> {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + Schema.REF);
                s.executeUpdate("DELETE FROM " + Schema.MESSAGE);
                s.executeUpdate("DELETE FROM " + Schema.DUPLICATE_ID);
            }
            c.commit();
            return null;
        });
        LOG.info("store {}: moved {} queue references ({} messages) and {} duplicate ids from the database into the"
                + " journal", url, count, moved.size(), duplicateIds.size());
    }

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("tributary-store");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        if (metricRegistry != null) {
            config.setMetricRegistry(metricRegistry);
        }
        dialect.driverProperties(url).forEach(config::addDataSourceProperty);
        if (lease != null) {
            // a node paused (SIGSTOP, GC) inside a transaction holds the lease row against a takeover: the database
            // ends such a session once it has been idle for a lease
            config.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + lease.duration().toMillis());
        }
        return config;
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public StoreBatch batch() {
        return new JdbcBatch(this::submit);
    }

    private CompletableFuture<Void> submit(List<Op> ops, boolean eventually) {
        GroupWriter w = writer;
        if (w == null || closed) {
            return CompletableFuture.failedFuture(notOpen());
        }
        return w.submit(ops, eventually);
    }

    /** False while the writer retries a write that failed (the database is unreachable or cannot write). */
    @Override
    public boolean writing() {
        GroupWriter w = writer;
        return w == null || w.writing();
    }

    @Override
    public void whenWriting(Runnable task) {
        GroupWriter w = writer;
        if (w == null) {
            task.run();
        } else {
            w.whenWriting(task);
        }
    }

    @Override
    public long maxMessageId() {
        requireOpen();
        long inDatabase = queryLong("the highest message id", Statements.MAX_MESSAGE_ID);
        MessageJournal j = journal;
        return j == null ? inDatabase : Math.max(inDatabase, j.maxMessageId());
    }

    @Override
    public long maxTraceEventId() {
        return queryLong("the highest trace event id", TraceTable.MAX_ID);
    }

    /** The one number {@code sql} answers, 0 for none. */
    private long queryLong(String what, String sql) {
        return query(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<TraceEventRecord> findTrace(TraceQuery query, int maxTraces) {
        return query("the message trace", c -> TraceTable.find(c, dialect, query, maxTraces));
    }

    @Override
    public List<TraceEventRecord> loadTraceEvents(String address, String type) {
        return query("the trace events of " + address, c -> TraceTable.ofType(c, address, type));
    }

    @Override
    public List<AddressRecord> loadAddresses() {
        return query("the addresses", c -> {
            List<AddressRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(Statements.LOAD_ADDRESSES);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new AddressRecord(name, AddressKind.valueOf(rs.getString(2)),
                            SettingsCodec.read(name, rs.getString(3))));
                }
            }
            return out;
        });
    }

    @Override
    public List<DuplicateIdRecord> loadDuplicateIds(String address) {
        MessageJournal j = journal;
        if (j != null) {
            requireOpen();
            return j.loadDuplicateIds(address);
        }
        return query("the duplicate ids of " + address, c -> {
            List<DuplicateIdRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(Statements.LOAD_DUPLICATE_IDS)) {
                ps.setString(1, address);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DuplicateIdRecord(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<QueueRecord> loadQueues() {
        return query("the queues", c -> {
            List<QueueRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(Statements.LOAD_QUEUES);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new QueueRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getString(6), rs.getBoolean(7)));
                }
            }
            return out;
        });
    }

    @Override
    public List<StoredReference> loadReferences(String queue, long afterMessageId, int limit) {
        MessageJournal j = journal;
        if (j != null) {
            requireOpen();
            try {
                return j.loadReferences(queue, afterMessageId, limit);
            } catch (IOException e) {
                throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "loading references of queue '" + queue
                        + "' after message " + afterMessageId + " from the journal failed (" + Fault.reason(e) + ")",
                        e);
            }
        }
        return loadReferencesFromDatabase(queue, afterMessageId, limit);
    }

    private List<StoredReference> loadReferencesFromDatabase(String queue, long afterMessageId, int limit) {
        return query("references of queue '" + queue + "' after message " + afterMessageId, c -> {
            List<StoredReference> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.loadReferences())) {
                ps.setString(1, queue);
                ps.setLong(2, afterMessageId);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredReference(rs.getLong(1), rs.getBytes(2), rs.getInt(3), rs.getInt(4),
                                rs.getLong(5), rs.getLong(6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long[] loadReferenceIds(String queue, long afterMessageId, int limit) {
        MessageJournal j = journal;
        if (j != null) {
            requireOpen();
            return j.loadReferenceIds(queue, afterMessageId, limit);
        }
        return query("reference ids of queue '" + queue + "' after message " + afterMessageId, c -> {
            long[] ids = new long[limit];
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.loadReferenceIds())) {
                ps.setString(1, queue);
                ps.setLong(2, afterMessageId);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && n < limit) {
                        ids[n++] = rs.getLong(1);
                    }
                }
            }
            return Arrays.copyOf(ids, n);
        });
    }

    @Override
    public long countReferences(String queue) {
        MessageJournal j = journal;
        if (j != null) {
            requireOpen();
            return j.countReferences(queue);
        }
        return query("the reference count of queue '" + queue + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(Statements.COUNT_REFERENCES)) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public List<StreamPartitionRecord> loadStreamPartitions(String stream) {
        return query("the partitions of stream '" + stream + "'", c -> StreamQueries.partitions(c, stream));
    }

    @Override
    public List<StreamEntryRecord> loadStreamEntries(String stream, int partition, long fromOffset, int limit) {
        return query("entries of stream '" + stream + "' partition " + partition + " from offset " + fromOffset,
                c -> StreamQueries.entries(c, sql.streams(), stream, partition, fromOffset, limit));
    }

    @Override
    public List<StreamIndexRecord> loadStreamIndex(String stream, int partition, long fromOffset, int limit) {
        return query("the index of stream '" + stream + "' partition " + partition + " from offset " + fromOffset,
                c -> StreamQueries.index(c, sql.streams(), stream, partition, fromOffset, limit));
    }

    @Override
    public List<StreamOffsetRecord> loadStreamOffsets(String stream) {
        return query("the group offsets of stream '" + stream + "'", c -> StreamQueries.offsets(c, stream));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer != null) {
            writer.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    /** Transactions written so far (for tests and benchmarks). */
    long transactionsWritten() {
        return writer == null ? 0 : writer.transactions();
    }

    /** Batches written so far (for tests and benchmarks). */
    long batchesWritten() {
        return writer == null ? 0 : writer.batches();
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** Every row {@code sql} (no parameters) answers, as {@code row} makes it. */
    private <T> List<T> rows(String what, String sql, Row<T> row) {
        return query(what, c -> {
            List<T> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(row.of(rs));
                }
            }
            return out;
        });
    }

    private <T> T query(String what, Query<T> query) {
        HikariDataSource ds = dataSource;
        if (ds == null || closed) {
            throw notOpen();
        }
        try (Connection c = ds.getConnection()) {
            try {
                return query.run(c);
            } catch (SQLException e) {
                if (Jdbc.connectionLost(e) || !Jdbc.isValidQuietly(c)) {
                    Jdbc.evictConnections(ds); // see GroupWriter#evictConnections
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof BrokerException b) {
                throw b;
            }
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "loading " + what + " from the database at "
                    + url + " failed (" + Fault.reason(e) + "); check that the database is running and reachable,"
                    + " then retry", e);
        }
    }

    private void requireOpen() {
        if (closed || dataSource == null) {
            throw notOpen();
        }
    }

    private BrokerException notOpen() {
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "the store for " + url
                + (closed ? " is closed" : " is not started; call start() first"));
    }

    private void requireNotStarted(String option) {
        if (dataSource != null || closed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "store option " + option
                    + " can only be set before start()");
        }
    }
}
