package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StreamPartitionRecord;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StreamStoreContractTest extends StreamStoreContractTest {

    @TempDir
    Path dataDirectory;

    @Override
    protected MessageStore newStore() {
        return JdbcMessageStore.h2(dataDirectory);
    }

    @Test
    void aVersionOneDatabaseGetsTheStreamTables() throws Exception {
        store.close();
        String url = "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("tributary");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String table : List.of("tributary_stream_entry", "tributary_stream_partition",
                    "tributary_stream_group_offset", "tributary_duplicate_id", "tributary_trace")) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("DELETE FROM tributary_schema_version");
            s.execute("INSERT INTO tributary_schema_version (version) VALUES (1)");
        }
        store = newStore();
        store.start();
        StreamFixture.join(store.batch().appendStreamEntry("s", 0, 0, 1, new byte[] {1}).commit());
        assertEquals(List.of(new StreamPartitionRecord(0, 0, 1)), store.loadStreamPartitions("s"));
    }
}
