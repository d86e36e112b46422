package io.tributary.core.store.jdbc;

import io.tributary.core.store.StreamEntryRecord;
import io.tributary.core.store.StreamIndexRecord;
import io.tributary.core.store.StreamOffsetRecord;
import io.tributary.core.store.StreamPartitionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The stream loads of the JDBC store, each on a connection the store lends. Stateless. */
final class StreamQueries {

    private StreamQueries() {
    }

    /** Per partition: the recorded log start (else the lowest offset) and the next offset to append. */
    static List<StreamPartitionRecord> partitions(Connection c, String stream) throws SQLException {
        TreeMap<Integer, long[]> bounds = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(StreamStatements.ENTRY_BOUNDS)) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bounds.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3) + 1});
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(StreamStatements.LOG_STARTS)) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(2);
                    bounds.merge(rs.getInt(1), new long[] {start, start},
                            (entries, s) -> new long[] {s[0], Math.max(entries[1], s[0])});
                }
            }
        }
        List<StreamPartitionRecord> out = new ArrayList<>();
        bounds.forEach((p, b) -> out.add(new StreamPartitionRecord(p, b[0], b[1])));
        return out;
    }

    static List<StreamEntryRecord> entries(Connection c, StreamStatements sql, String stream, int partition,
                                           long fromOffset, int limit) throws SQLException {
        return range(c, sql.loadEntries(), stream, partition, fromOffset, limit,
                rs -> new StreamEntryRecord(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
    }

    static List<StreamIndexRecord> index(Connection c, StreamStatements sql, String stream, int partition,
                                         long fromOffset, int limit) throws SQLException {
        return range(c, sql.loadIndex(), stream, partition, fromOffset, limit,
                rs -> new StreamIndexRecord(rs.getLong(1), rs.getLong(2), rs.getInt(3)));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> range(Connection c, String query, String stream, int partition, long fromOffset,
                                     int limit, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, stream);
            ps.setInt(2, partition);
            ps.setLong(3, fromOffset);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        }
        return out;
    }

    static List<StreamOffsetRecord> offsets(Connection c, String stream) throws SQLException {
        List<StreamOffsetRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(StreamStatements.LOAD_OFFSETS)) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StreamOffsetRecord(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }
}
