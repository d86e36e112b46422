package io.tributary.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link StreamBenchmark}'s command line, validated once.
 *
 * @param targets what to measure, in order: {@code memory} and {@code h2} (Tributary in process), {@code kafka}
 * @param messages messages per append workload, and in the stream the readers read
 * @param duration the time limit of each workload
 * @param partitions partitions of every stream (Tributary) and topic (Kafka)
 * @param producers the producer counts of the append workloads
 * @param readers the reader counts of the read workloads
 * @param warmupMessages messages appended and read once per target, unmeasured, before the workloads
 * @param window at most this many sends not yet completed per Tributary producer
 * @param kafkaLib the directory with Kafka's broker class path
 * @param kafkaJvm JVM options of the Kafka broker process
 */
record StreamOptions(List<String> targets, long messages, Duration duration, int partitions, List<Integer> producers,
        List<Integer> readers, long warmupMessages, int window, Path kafkaLib, List<String> kafkaJvm) {

    static final int MESSAGE_SIZE = 1024;
    static final List<String> TARGETS = List.of("memory", "h2", "kafka");

    static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.load.StreamBenchmark [options]",
            "  --targets LIST     comma-separated from memory, h2, kafka (default all three)",
            "  --messages N       1 KiB messages per append workload and in the read stream (default 200000)",
            "  --duration S       time limit of each workload in seconds (default 20)",
            "  --partitions N     partitions of each stream / topic (default 1)",
            "  --producers LIST   producer counts of the append workloads (default 1,4)",
            "  --readers LIST     reader counts of the read workloads (default 1,4,16)",
            "  --warmup N         messages appended and read once per target before measuring (default 50000, 0: none)",
            "  --window N         sends not yet completed per Tributary producer (default 2000)",
            "  --kafka-lib DIR    Kafka's broker class path (default target/kafka-lib next to benchmarks.jar)",
            "  --kafka-jvm ARGS   JVM options of the Kafka broker process (default \"-Xms1g -Xmx1g\")");

    static StreamOptions parse(String... args) {
        List<String> targets = TARGETS;
        long messages = 200_000;
        long duration = 20;
        long partitions = 1;
        List<Integer> producers = List.of(1, 4);
        List<Integer> readers = List.of(1, 4, 16);
        long warmup = 50_000;
        long window = 2000;
        Path kafkaLib = null;
        List<String> kafkaJvm = List.of("-Xms1g", "-Xmx1g");
        for (Map.Entry<String, String> option : LoadOptions.pairs(args)) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--targets" -> targets = targets(value);
                case "--messages" -> messages = LoadOptions.atLeast(name, value, 1);
                case "--duration" -> duration = LoadOptions.atLeast(name, value, 1);
                case "--partitions" -> partitions = Math.min(1024, LoadOptions.atLeast(name, value, 1));
                case "--producers" -> producers = counts(name, value, 64);
                case "--readers" -> readers = counts(name, value, 256);
                case "--warmup" -> warmup = LoadOptions.atLeast(name, value, 0);
                case "--window" -> window = Math.min(1_000_000, LoadOptions.atLeast(name, value, 1));
                case "--kafka-lib" -> kafkaLib = Path.of(value);
                case "--kafka-jvm" -> kafkaJvm = List.of(value.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new StreamOptions(targets, messages, Duration.ofSeconds(duration), (int) partitions, producers,
                readers, warmup, (int) window, kafkaLib == null ? defaultKafkaLib() : kafkaLib, kafkaJvm);
    }

    private static List<String> targets(String list) {
        List<String> chosen = new ArrayList<>();
        for (String item : list.split(",")) {
            String target = item.trim().toLowerCase(Locale.ROOT);
            if (!TARGETS.contains(target)) {
                throw new IllegalArgumentException("target " + item + " is not one of " + TARGETS);
            }
            if (!chosen.contains(target)) {
                chosen.add(target);
            }
        }
        return List.copyOf(chosen);
    }

    private static List<Integer> counts(String option, String list, int max) {
        List<Integer> counts = new ArrayList<>();
        for (String item : list.split(",")) {
            long n = LoadOptions.atLeast(option, item.trim(), 1);
            if (n > max) {
                throw new IllegalArgumentException("option " + option + " takes counts up to " + max + ", not " + n);
            }
            counts.add((int) n);
        }
        return List.copyOf(counts);
    }

    /** {@code kafka-lib} next to the jar or class directory this class was loaded from, else the working tree's. */
    private static Path defaultKafkaLib() {
        try {
            Path code = Path.of(StreamOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().resolve("kafka-lib");
        } catch (Exception | LinkageError e) {
            return Path.of("benchmarks", "target", "kafka-lib");
        }
    }
}
