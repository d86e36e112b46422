package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final WorkloadSpec QUEUE = new WorkloadSpec("durable-queue-1p", 1, 1, false, true, false, 0);

    @Test
    void printsTheRatioOfTheSecondBrokerToTheReference() {
        ResultTable table = new ResultTable(List.of("artemis", "tributary"), "broker CPU");
        table.add(0, result(1000, 2.0, null));
        table.add(1, result(1500, 1.0, null));

        String text = print(table);

        assertTrue(text.contains("ratio tributary/artemis"), text);
        String row = text.lines().filter(l -> l.startsWith("durable-queue-1p")).findFirst().orElseThrow();
        assertEquals(List.of("durable-queue-1p", "1,000", "1,500", "1.50", "200.0", "66.7", "0.33"),
                List.of(row.trim().split("\\s+")));
    }

    @Test
    void withThreeBrokersTheLastIsComparedWithEachOfTheOthers() {
        ResultTable table = new ResultTable(List.of("artemis", "artemis-nosync", "tributary"), "broker CPU");
        table.add(0, result(1000, 2.0, null));
        table.add(1, result(2000, 2.0, null));
        table.add(2, result(1500, 1.0, null));

        String text = print(table);

        String row = text.lines().filter(l -> l.startsWith("durable-queue-1p")).findFirst().orElseThrow();
        assertEquals(List.of("durable-queue-1p", "1,000", "2,000", "1,500", "1.50", "0.75",
                "200.0", "100.0", "66.7", "0.33", "0.67"), List.of(row.trim().split("\\s+")));
        assertTrue(text.contains("ratio tributary/artemis-nosync"), text);
    }

    @Test
    void aFailedWorkloadShowsDashesAndItsReason() {
        ResultTable table = new ResultTable(List.of("artemis", "tributary"), "broker CPU");
        table.add(0, result(1000, 2.0, null));
        table.add(1, LoadTool.failedResult(QUEUE, "broker tributary did not start"));

        String text = print(table);

        assertTrue(text.contains("! tributary durable-queue-1p: broker tributary did not start"), text);
        String row = text.lines().filter(l -> l.startsWith("durable-queue-1p")).findFirst().orElseThrow();
        assertTrue(row.endsWith("-"), row);
    }

    private static WorkloadResult result(long perSecond, double cpuSeconds, String error) {
        Histogram latency = new Histogram(1_000_000, 3);
        latency.recordValue(1500);
        long received = perSecond * 10;
        return new WorkloadResult(QUEUE, received, received, 10_000_000_000L, latency, cpuSeconds, 1.0, error);
    }

    private static String print(ResultTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
