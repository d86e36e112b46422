package io.tributary.core.store.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stream part of a {@link WritePlan}: collects stream operations of many batches and sends each kind as
 * one JDBC batch, in phase order (entries, committed offsets, truncations, group deletes, stream deletes).
 * Upserts of one row are merged into one (the last offset, the highest log start): PostgreSQL refuses a
 * rewritten multi-row upsert that touches a row twice.
 * An operation on a stream or group deleted earlier in the plan flushes first, so the order the batches
 * asked for holds.
 *
 * <p>Not thread-safe; part of one {@link WritePlan}.
 */
final class StreamWritePlan {

    private final StreamStatements sql;
    private final WritePlan runner;
    private final List<StreamOp.Append> appends = new ArrayList<>();
    /** By (stream, group, partition): one upsert per row, the last asked for. */
    private final Map<List<Object>, StreamOp.SaveOffset> offsets = new LinkedHashMap<>();
    /** By (stream, partition): the highest log start asked for. */
    private final Map<List<Object>, StreamOp.Truncate> truncates = new LinkedHashMap<>();
    private final List<StreamOp.DeleteGroup> deleteGroups = new ArrayList<>();
    private final List<StreamOp.DeleteStream> deleteStreams = new ArrayList<>();
    private final Set<String> deletedStreams = new HashSet<>();
    private final Set<List<String>> deletedGroups = new HashSet<>();

    StreamWritePlan(StreamStatements sql, WritePlan runner) {
        this.sql = sql;
        this.runner = runner;
    }

    boolean conflicts(StreamOp op) {
        return deletedStreams.contains(op.stream())
                || op instanceof StreamOp.SaveOffset o && deletedGroups.contains(List.of(o.stream(), o.group()));
    }

    void add(StreamOp op) {
        if (op instanceof StreamOp.Append o) {
            appends.add(o);
        } else if (op instanceof StreamOp.SaveOffset o) {
            offsets.put(List.of(o.stream(), o.group(), o.partition()), o);
        } else if (op instanceof StreamOp.Truncate o) {
            truncates.merge(List.of(o.stream(), o.partition()), o, (a, b) -> a.logStart() >= b.logStart() ? a : b);
        } else if (op instanceof StreamOp.DeleteGroup o) {
            deleteGroups.add(o);
            deletedGroups.add(List.of(o.stream(), o.group()));
        } else if (op instanceof StreamOp.DeleteStream o) {
            deleteStreams.add(o);
            deletedStreams.add(o.stream());
        }
    }

    void flush() throws SQLException {
        runner.run(sql.upsertEntry(), appends, (ps, o) -> {
            ps.setString(1, o.stream());
            ps.setInt(2, o.partition());
            ps.setLong(3, o.offset());
            ps.setLong(4, o.timestamp());
            ps.setBytes(5, o.encoded());
        });
        runner.run(sql.upsertOffset(), List.copyOf(offsets.values()), (ps, o) -> {
            ps.setString(1, o.stream());
            ps.setString(2, o.group());
            ps.setInt(3, o.partition());
            ps.setLong(4, o.offset());
        });
        for (String statement : List.of(StreamStatements.TRUNCATE, sql.upsertLogStart())) {
            runner.run(statement, List.copyOf(truncates.values()), (ps, o) -> {
                ps.setString(1, o.stream());
                ps.setInt(2, o.partition());
                ps.setLong(3, o.logStart());
            });
        }
        runner.run(StreamStatements.DELETE_GROUP, deleteGroups, (ps, o) -> {
            ps.setString(1, o.stream());
            ps.setString(2, o.group());
        });
        for (String statement : StreamStatements.DELETE_STREAM) {
            runner.run(statement, deleteStreams, (ps, o) -> ps.setString(1, o.stream()));
        }
        for (List<?> list : List.of(appends, deleteGroups, deleteStreams)) {
            list.clear();
        }
        offsets.clear();
        truncates.clear();
        deletedStreams.clear();
        deletedGroups.clear();
    }
}
