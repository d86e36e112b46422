package io.tributary.core.store.jdbc;

import java.util.List;

/**
 * The stream tables (schema version 2): entries by (stream, partition, offset), each partition's log start,
 * and the committed offsets of consumer groups. Stateless.
 */
final class StreamSchema {

    static final String ENTRY = "tributary_stream_entry";
    static final String PARTITION = "tributary_stream_partition";
    static final String GROUP_OFFSET = "tributary_stream_group_offset";

    private StreamSchema() {
    }

    static List<String> ddl(Dialect d) {
        String text = d.textType();
        return List.of(
                "CREATE TABLE " + ENTRY + " (stream_name " + text + " NOT NULL, partition_no INT NOT NULL,"
                        + " stream_offset BIGINT NOT NULL, append_time BIGINT NOT NULL, body " + d.binaryType()
                        + " NOT NULL, PRIMARY KEY (stream_name, partition_no, stream_offset))",
                "CREATE TABLE " + PARTITION + " (stream_name " + text + " NOT NULL, partition_no INT NOT NULL,"
                        + " log_start BIGINT NOT NULL, PRIMARY KEY (stream_name, partition_no))",
                "CREATE TABLE " + GROUP_OFFSET + " (stream_name " + text + " NOT NULL, group_name " + text
                        + " NOT NULL, partition_no INT NOT NULL, committed_offset BIGINT NOT NULL,"
                        + " PRIMARY KEY (stream_name, group_name, partition_no))");
    }
}
