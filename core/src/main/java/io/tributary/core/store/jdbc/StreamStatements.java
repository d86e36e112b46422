package io.tributary.core.store.jdbc;

import static io.tributary.core.store.jdbc.StreamSchema.ENTRY;
import static io.tributary.core.store.jdbc.StreamSchema.GROUP_OFFSET;
import static io.tributary.core.store.jdbc.StreamSchema.PARTITION;

import java.util.List;

/**
 * The SQL of the stream tables, built once from the {@link Dialect}. Writes are idempotent (upserts), like
 * {@link Statements}. Immutable.
 *
 * @param upsertEntry     (stream, partition, offset, append time, body)
 * @param upsertLogStart  (stream, partition, log start)
 * @param upsertOffset    (stream, group, partition, committed offset)
 * @param loadEntries     (stream, partition, from offset, limit)
 * @param loadIndex       (stream, partition, from offset, limit): offset, append time, body size
 */
record StreamStatements(String upsertEntry, String upsertLogStart, String upsertOffset, String loadEntries,
                        String loadIndex) {

    /** (stream, partition, log start). */
    static final String TRUNCATE = "DELETE FROM " + ENTRY + " WHERE stream_name = ? AND partition_no = ?"
            + " AND stream_offset < ?";
    /** (stream, group). */
    static final String DELETE_GROUP = "DELETE FROM " + GROUP_OFFSET + " WHERE stream_name = ? AND group_name = ?";
    /** Each with (stream). */
    static final List<String> DELETE_STREAM = List.of(
            "DELETE FROM " + ENTRY + " WHERE stream_name = ?",
            "DELETE FROM " + PARTITION + " WHERE stream_name = ?",
            "DELETE FROM " + GROUP_OFFSET + " WHERE stream_name = ?");
    /** (stream): partition, lowest and highest offset. */
    static final String ENTRY_BOUNDS = "SELECT partition_no, MIN(stream_offset), MAX(stream_offset) FROM " + ENTRY
            + " WHERE stream_name = ? GROUP BY partition_no";
    /** (stream): partition, log start. */
    static final String LOG_STARTS = "SELECT partition_no, log_start FROM " + PARTITION + " WHERE stream_name = ?";
    /** (stream): group, partition, committed offset. */
    static final String LOAD_OFFSETS = "SELECT group_name, partition_no, committed_offset FROM " + GROUP_OFFSET
            + " WHERE stream_name = ? ORDER BY group_name, partition_no";

    /**
     * The range reads order by the whole primary key, though the WHERE fixes its first two columns: H2 reads the
     * index in order only then; ordered by the offset alone it sorted the rest of the log for every page
     * (quadratic in the log length, found by the stream benchmark).
     */
    static StreamStatements of(Dialect d) {
        return new StreamStatements(
                d.upsert(ENTRY, List.of("stream_name", "partition_no", "stream_offset", "append_time", "body"), 3),
                d.upsert(PARTITION, List.of("stream_name", "partition_no", "log_start"), 2),
                d.upsert(GROUP_OFFSET, List.of("stream_name", "group_name", "partition_no", "committed_offset"), 3),
                "SELECT stream_offset, append_time, body FROM " + ENTRY + " WHERE stream_name = ? AND partition_no = ?"
                        + " AND stream_offset >= ? ORDER BY stream_name, partition_no, stream_offset "
                        + d.limitClause(),
                "SELECT stream_offset, append_time, OCTET_LENGTH(body) FROM " + ENTRY + " WHERE stream_name = ?"
                        + " AND partition_no = ? AND stream_offset >= ?"
                        + " ORDER BY stream_name, partition_no, stream_offset " + d.limitClause());
    }
}
