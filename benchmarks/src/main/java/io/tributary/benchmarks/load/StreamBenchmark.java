package io.tributary.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream throughput (issue 6's measurements), Tributary next to Apache Kafka in one run on this machine: appends
 * of 1 KiB messages with 1 and 4 producers, then fan-out reads of a pre-filled stream from its first message by
 * 1, 4 and 16 independent readers, each counting every message. Tributary runs in the tool's JVM through the core
 * Broker API, on the memory store and on H2; Kafka is one KRaft broker in a child JVM on loopback with its own
 * clients (see {@link KafkaStreamTarget}). Every workload is bounded by a message count and a time limit.
 *
 * <p>Run on demand, never from the test suite:
 * {@code java -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.load.StreamBenchmark}.
 *
 * <p>Thread model: the main thread runs the targets and workloads in sequence; each workload's clients run on
 * threads of their own ({@link StreamClients}).
 */
public final class StreamBenchmark {

    static final String READ_STREAM = "bench-read";
    static final String WARMUP_STREAM = "bench-warmup";
    /** The pre-fill of the read stream is not measured; it gets this many times the workload time limit. */
    private static final int PREFILL_LIMIT_FACTOR = 6;

    private StreamBenchmark() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        StreamOptions options;
        try {
            if (args.length == 1 && List.of("-h", "--help").contains(args[0])) {
                System.out.println(StreamOptions.USAGE);
                return;
            }
            options = StreamOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(StreamOptions.USAGE);
            System.exit(2);
            return;
        }
        System.out.println(LoadTool.machine());
        System.out.println("Load average at start: " + loadAverage());
        System.out.println("Each workload: 1 KiB messages, at most " + options.messages() + " per append workload and"
                + " in the read stream, at most " + options.duration().toSeconds() + " s; " + options.partitions()
                + " partition(s); Kafka " + KafkaStreamTarget.kafkaVersion());
        StreamTable table = new StreamTable(options.targets());
        boolean allPassed = true;
        for (String name : options.targets()) {
            for (StreamResult result : measure(target(name, options), options)) {
                table.add(name, result);
                allPassed &= !result.failed();
            }
        }
        table.print(System.out);
        System.out.println("Load average at end: " + loadAverage());
        System.exit(allPassed ? 0 : 1);
    }

    static List<String> appendStreams(StreamOptions options) {
        return options.producers().stream().map(p -> "bench-append-" + p + "p").distinct().toList();
    }

    private static StreamTarget target(String name, StreamOptions options) {
        if ("kafka".equals(name)) {
            return new KafkaStreamTarget(options.partitions(), options.kafkaLib(), options.kafkaJvm());
        }
        List<String> streams = new ArrayList<>(appendStreams(options));
        streams.add(READ_STREAM);
        streams.add(WARMUP_STREAM);
        return new TributaryStreamTarget(name, options.partitions(), options.window(), streams);
    }

    private static List<StreamResult> measure(StreamTarget target, StreamOptions options) {
        List<StreamResult> results = new ArrayList<>();
        try {
            target.start();
        } catch (LoadFailure | IllegalStateException | UncheckedIOException e) {
            System.err.println("error: " + target.label() + " did not start: " + e.getMessage());
            String reason = target.label() + " did not start: " + e.getMessage().lines().findFirst().orElse("");
            options.producers().forEach(p -> results.add(StreamResult.failed("append-" + p + "p", p,
                    options.messages(), reason)));
            options.readers().forEach(r -> results.add(StreamResult.failed("read-" + r + "r", r,
                    options.messages() * r, reason)));
            target.close();
            return results;
        }
        try {
            long limit = options.duration().toNanos();
            warmUp(target, options.warmupMessages(), limit);
            for (int p : options.producers()) {
                String stream = "bench-append-" + p + "p";
                target.createStream(stream);
                results.add(report(target, run(target, "append-" + p + "p", p, options.messages(), limit,
                        i -> target.openProducer(stream, i), StreamClients.split(options.messages(), p))));
            }
            target.createStream(READ_STREAM);
            int fillers = options.producers().stream().mapToInt(Integer::intValue).max().orElse(1);
            StreamResult fill = report(target, run(target, "prefill", fillers, options.messages(),
                    limit * PREFILL_LIMIT_FACTOR, i -> target.openProducer(READ_STREAM, i),
                    StreamClients.split(options.messages(), fillers)));
            for (int r : options.readers()) {
                String workload = "read-" + r + "r";
                results.add(report(target, fill.failed() ? StreamResult.failed(workload, r, 0, "the pre-fill failed")
                        : run(target, workload, r, fill.messages() * r, limit,
                                i -> target.openReader(READ_STREAM, workload, i),
                                StreamClients.each(fill.messages(), r))));
            }
        } catch (LoadFailure e) {
            System.err.println("error: " + target.label() + ": " + e.getMessage());
        } finally {
            target.close();
        }
        return results;
    }

    /** Appends and reads {@code messages} once, unmeasured, so that the JIT has compiled both paths. */
    private static void warmUp(StreamTarget target, long messages, long limitNanos) {
        if (messages == 0) {
            return;
        }
        target.createStream(WARMUP_STREAM);
        StreamResult fill = report(target, run(target, "warmup-append", 1, messages, limitNanos,
                i -> target.openProducer(WARMUP_STREAM, i), StreamClients.split(messages, 1)));
        report(target, run(target, "warmup-read", 1, fill.messages(), limitNanos,
                i -> target.openReader(WARMUP_STREAM, "warmup", i), StreamClients.each(fill.messages(), 1)));
    }

    private static StreamResult run(StreamTarget target, String workload, int clients, long expected, long limitNanos,
            StreamClients.Opener opener, long[] quotas) {
        double cpuBefore = target.cpuSeconds();
        StreamClients.Outcome outcome = StreamClients.run(workload, opener, quotas, limitNanos);
        double cpu = target.cpuSeconds() - cpuBefore;
        return new StreamResult(workload, clients, outcome.messages(), expected, outcome.seconds(), cpu,
                outcome.error());
    }

    private static StreamResult report(StreamTarget target, StreamResult result) {
        System.err.println("[" + target.label() + "] " + result.summary());
        return result;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
