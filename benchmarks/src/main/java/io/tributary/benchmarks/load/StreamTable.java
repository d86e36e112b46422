package io.tributary.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints {@link StreamBenchmark}'s results: per workload each target's messages per second, the ratio of each
 * target to the reference (Kafka when it was measured, else the first target) and the CPU per message; then the
 * read workloads per reader; then every failure or workload cut short by the time limit.
 *
 * <p>Not thread-safe; filled and printed by the tool's main thread.
 */
final class StreamTable {

    private final List<String> targets;
    private final String reference;
    private final Map<String, Map<String, StreamResult>> byWorkload = new LinkedHashMap<>();

    StreamTable(List<String> targets) {
        this.targets = List.copyOf(targets);
        this.reference = targets.contains("kafka") ? "kafka" : targets.get(0);
    }

    void add(String target, StreamResult result) {
        byWorkload.computeIfAbsent(result.workload(), w -> new LinkedHashMap<>()).put(target, result);
    }

    void print(PrintStream out) {
        out.println();
        out.println("Throughput (append: messages acknowledged/s; read: messages delivered/s to all readers together)"
                + " and CPU (us per message, the tool's JVM plus the broker's process)");
        out.println(ResultTable.format(rows()));
        out.println("Read workloads per reader (messages/s each reader received)");
        out.println(ResultTable.format(perReaderRows()));
        notes().forEach(out::println);
    }

    List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("workload"));
        targets.forEach(t -> header.add(t + " msgs/s"));
        others().forEach(t -> header.add(t + "/" + reference));
        targets.forEach(t -> header.add(t + " cpu us/msg"));
        rows.add(header);
        byWorkload.forEach((workload, results) -> {
            List<String> row = new ArrayList<>(List.of(workload));
            targets.forEach(t -> row.add(ResultTable.number("%,.0f", rate(results.get(t)))));
            double base = rate(results.get(reference));
            others().forEach(t -> row.add(ResultTable.number("%.2f", rate(results.get(t)) / base)));
            targets.forEach(t -> row.add(ResultTable.number("%,.1f", cpu(results.get(t)))));
            rows.add(row);
        });
        return rows;
    }

    List<List<String>> perReaderRows() {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("workload"));
        targets.forEach(t -> header.add(t + " msgs/s/reader"));
        rows.add(header);
        byWorkload.forEach((workload, results) -> {
            if (workload.startsWith("read")) {
                List<String> row = new ArrayList<>(List.of(workload));
                targets.forEach(t -> row.add(ResultTable.number("%,.0f", results.get(t) == null
                        ? Double.NaN : results.get(t).perClientPerSecond())));
                rows.add(row);
            }
        });
        return rows;
    }

    List<String> notes() {
        List<String> notes = new ArrayList<>();
        byWorkload.forEach((workload, results) -> results.forEach((target, r) -> {
            if (r.failed()) {
                notes.add("! " + target + " " + workload + ": " + r.error());
            } else if (r.messages() < r.expected()) {
                notes.add("* " + target + " " + workload + ": stopped by the time limit after "
                        + ResultTable.number("%,.0f", r.messages()) + " of " + ResultTable.number("%,.0f", r.expected())
                        + " messages");
            }
        }));
        return notes;
    }

    private List<String> others() {
        return targets.stream().filter(t -> !t.equals(reference)).toList();
    }

    private static double rate(StreamResult r) {
        return r == null || r.failed() ? Double.NaN : r.messagesPerSecond();
    }

    private static double cpu(StreamResult r) {
        return r == null || r.failed() ? Double.NaN : r.cpuMicrosPerMessage();
    }
}
