package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream benchmark's pure logic: options, the split of work, the table, Kafka's configuration. */
class StreamBenchmarkLogicTest {

    @Test
    void parsesOptionsAndKeepsDefaultsForTheRest() {
        StreamOptions options = StreamOptions.parse("--targets", "kafka,h2", "--messages", "1_000", "--readers",
                "2,8", "--kafka-lib", "/opt/kafka-lib");

        assertEquals(List.of("kafka", "h2"), options.targets());
        assertEquals(1000, options.messages());
        assertEquals(List.of(1, 4), options.producers());
        assertEquals(List.of(2, 8), options.readers());
        assertEquals(20, options.duration().toSeconds());
        assertEquals(Path.of("/opt/kafka-lib"), options.kafkaLib());
    }

    @Test
    void rejectsUnknownTargetsAndNonPositiveCounts() {
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.parse("--targets", "rabbit"));
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.parse("--readers", "1,0"));
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.parse("--messages"));
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.parse("--speed", "9"));
    }

    @Test
    void splitsMessagesOverProducersWithTheRemainderFirst() {
        assertArrayEquals(new long[] {4, 3, 3}, StreamClients.split(10, 3));
        assertArrayEquals(new long[] {7, 7}, StreamClients.each(7, 2));
    }

    @Test
    void tableComparesEachTributaryStoreWithKafka() {
        StreamTable table = new StreamTable(List.of("memory", "h2", "kafka"));
        table.add("memory", new StreamResult("read-4r", 4, 4000, 4000, 1.0, 0.004, null));
        table.add("h2", new StreamResult("read-4r", 4, 2000, 4000, 1.0, 0.004, null));
        table.add("kafka", new StreamResult("read-4r", 4, 1000, 1000, 0.5, 0.002, null));

        List<List<String>> rows = table.rows();

        assertEquals(List.of("workload", "memory msgs/s", "h2 msgs/s", "kafka msgs/s", "memory/kafka", "h2/kafka",
                "memory cpu us/msg", "h2 cpu us/msg", "kafka cpu us/msg"), rows.get(0));
        assertEquals(List.of("read-4r", "4,000", "2,000", "2,000", "2.00", "1.00", "1.0", "2.0", "2.0"), rows.get(1));
        assertEquals(List.of("read-4r", "1,000", "500", "500"), table.perReaderRows().get(1));
        assertEquals(List.of("* h2 read-4r: stopped by the time limit after 2,000 of 4,000 messages"), table.notes());
    }

    @Test
    void aFailedTargetShowsADashAndItsReason() {
        StreamTable table = new StreamTable(List.of("memory", "kafka"));
        table.add("memory", new StreamResult("append-1p", 1, 100, 100, 1.0, 0.001, null));
        table.add("kafka", StreamResult.failed("append-1p", 1, 100, "kafka did not start"));

        assertEquals(List.of("append-1p", "100", "-", "-", "10.0", "-"), table.rows().get(1));
        assertEquals(List.of("! kafka append-1p: kafka did not start"), table.notes());
    }

    @Test
    void kafkaRunsAsOneKraftNodeOnLoopbackWithAFreshClusterId() {
        String properties = KafkaStreamTarget.serverProperties(9092, 9093, Path.of("/tmp/k"), 3);

        assertTrue(properties.contains("process.roles=broker,controller\n"), properties);
        assertTrue(properties.contains("listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093\n"));
        assertTrue(properties.contains("controller.quorum.voters=1@127.0.0.1:9093\n"));
        assertTrue(properties.contains("num.partitions=3\n"));
        assertEquals(16, Base64.getUrlDecoder().decode(KafkaStreamTarget.kafkaClusterId()).length);
    }
}
