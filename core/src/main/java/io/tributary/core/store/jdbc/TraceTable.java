package io.tributary.core.store.jdbc;

import io.tributary.core.MessageTrace;
import io.tributary.core.store.TraceEventRecord;
import io.tributary.core.store.TraceEvents;
import io.tributary.core.store.TraceQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The message trace table (schema version 4): one row per trace event, the keys a message is found by only on the
 * first event of its trace. Indexed by broker id (to read a trace), message-id and correlation-id (to find one)
 * and time (retention); a lookup by application property scans the table (bounded by {@code tracing.max-events}).
 * Stateless.
 *
 * <p>Design note: the insert is an upsert on the event id, so that a transaction written again after a commit in
 * doubt adds no second row (see {@link Statements}).
 */
final class TraceTable {

    static final String TABLE = "tributary_trace";
    private static final String COLUMNS = "id, broker_id, event_time, event_type, address, message_id, "
            + "correlation_id, properties, details";
    static final String MAX_ID = "SELECT MAX(id) FROM " + TABLE;
    static final String PRUNE_BY_TIME = "DELETE FROM " + TABLE + " WHERE event_time < ?";
    static final String PRUNE_BY_ID = "DELETE FROM " + TABLE + " WHERE id <= ?";
    private static final String BY_TYPE = "SELECT " + COLUMNS + " FROM " + TABLE
            + " WHERE event_type = ? AND address = ? ORDER BY id";
    private static final String BY_BROKER_ID = "SELECT " + COLUMNS + " FROM " + TABLE
            + " WHERE broker_id = ? AND id >= ? ORDER BY id";

    private TraceTable() {
    }

    static List<String> ddl(Dialect d) {
        String text = d.textType();
        return List.of("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, broker_id BIGINT NOT NULL, event_time BIGINT"
                        + " NOT NULL, event_type VARCHAR(32) NOT NULL, address " + text + ", message_id " + text
                        + ", correlation_id " + text + ", properties " + text + ", details " + text + ")",
                "CREATE INDEX tributary_trace_broker ON " + TABLE + " (broker_id)",
                "CREATE INDEX tributary_trace_message ON " + TABLE + " (message_id)",
                "CREATE INDEX tributary_trace_correlation ON " + TABLE + " (correlation_id)",
                "CREATE INDEX tributary_trace_time ON " + TABLE + " (event_time)");
    }

    static String upsert(Dialect d) {
        return d.upsert(TABLE, List.of(COLUMNS.split(", ")), 1);
    }

    static void bind(PreparedStatement ps, TraceEventRecord e) throws SQLException {
        ps.setLong(1, e.id());
        ps.setLong(2, e.brokerId());
        ps.setLong(3, e.time());
        ps.setString(4, e.type());
        Statements.setNullable(ps, 5, e.address());
        Statements.setNullable(ps, 6, e.messageId());
        Statements.setNullable(ps, 7, e.correlationId());
        Statements.setNullable(ps, 8, e.properties());
        Statements.setNullable(ps, 9, e.details());
    }

    /** See {@code MessageStore.findTrace}. */
    static List<TraceEventRecord> find(Connection c, Dialect d, TraceQuery query, int maxTraces)
            throws SQLException {
        List<TraceEventRecord> firsts = firsts(c, d, query, maxTraces);
        List<TraceEventRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(BY_BROKER_ID)) {
            for (TraceEventRecord first : firsts) {
                ps.setLong(1, first.brokerId());
                ps.setLong(2, first.id());
                List<TraceEventRecord> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(read(rs));
                    }
                }
                out.addAll(TraceEvents.oneTrace(first, events));
            }
        }
        return out;
    }

    /** See {@code MessageStore.loadTraceEvents}. */
    static List<TraceEventRecord> ofType(Connection c, String address, String type) throws SQLException {
        List<TraceEventRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(BY_TYPE)) {
            ps.setString(1, type);
            ps.setString(2, address);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static List<TraceEventRecord> firsts(Connection c, Dialect d, TraceQuery query, int maxTraces)
            throws SQLException {
        String where = switch (query.field()) {
            case MESSAGE_ID -> "message_id IN (" + String.join(", ", Collections.nCopies(query.values().size(), "?"))
                    + ")";
            case CORRELATION_ID -> "correlation_id IN ("
                    + String.join(", ", Collections.nCopies(query.values().size(), "?")) + ")";
            case PROPERTY -> "event_type = '" + MessageTrace.RECEIVED + "' AND properties LIKE ? ESCAPE '!'";
        };
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + where + " ORDER BY id DESC "
                + d.limitClause();
        List<TraceEventRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String v : query.values()) {
                ps.setString(i++, query.field() == TraceQuery.Field.PROPERTY ? "%" + likeEscaped(v) + "%" : v);
            }
            ps.setInt(i, maxTraces);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TraceEventRecord e = read(rs);
                    if (MessageTrace.RECEIVED.equals(e.type())) {
                        out.add(0, e);
                    }
                }
            }
        }
        return out;
    }

    private static String likeEscaped(String v) {
        return v.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static TraceEventRecord read(ResultSet rs) throws SQLException {
        return new TraceEventRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }
}
