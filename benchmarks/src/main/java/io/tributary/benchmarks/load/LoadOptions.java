package io.tributary.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The load tool's command line, validated once. Brokers are {@code artemis} and {@code tributary} (started by the
 * tool in child JVMs) or {@code NAME=amqp://HOST:PORT} for a broker already running on this machine; only loopback
 * hosts are accepted, since the tool is a load generator.
 *
 * @param brokers what to measure, the reference first
 * @param workloads names of the workloads to run, empty for all
 */
record LoadOptions(List<Target> brokers, RunLimits limits, Duration warmup, int latencyRate, List<String> workloads,
        List<String> brokerJvmArgs) {

    static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.load.LoadTool [options]",
            "  --brokers LIST       comma-separated, reference first: artemis (made by `artemis create`, its journal",
            "                       tuned to this disk), artemis-nosync (created with --no-fsync),",
            "                       tributary, tributary-tables (messages in the H2 store's tables,",
            "                       store.journal=false), tributary-metrics (management API on, /metrics scraped every",
            "                       second), tributary-permissions (clients log in as a user whose role has",
            "                       send/consume on #; no anonymous logins), tributary-secured (both),",
            "                       or NAME=amqp://127.0.0.1:PORT (default artemis,tributary)",
            "  --duration S         seconds of sending per workload (default 15)",
            "  --warmup S           seconds of unmeasured load per broker before the workloads (default 5)",
            "  --max-messages N     at most N messages per workload (default 2000000)",
            "  --window N           at most N messages sent but not yet received (default 2000)",
            "  --rate N             messages per second of the latency workload (default 2000)",
            "  --workloads LIST     run only these (durable-queue-1p, durable-queue-8p, durable-queue-4c,",
            "                       nondurable-queue, topic-fanout-4, latency-N/s, nondurable-queue-1p-sync:",
            "                       non-persistent sends each waiting for the broker, the round trip without a store)",
            "  --broker-jvm ARGS    JVM options of the broker processes (default \"-Xms1g -Xmx1g\")");

    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|\\[?::1]?");

    /**
     * A broker to measure: started by the tool ({@code mainClass} with {@code args}) or already running at
     * {@code url}.
     */
    record Target(String label, String mainClass, List<String> args, String url) {
        boolean started() {
            return mainClass != null;
        }

        /** Whether its clients log in (as {@link TributaryBrokerProcess#USER}). */
        boolean logsIn() {
            return args.contains("--permissions");
        }

        /** The JVM options of this broker's process: {@code base}, and for Artemis what its own launcher adds. */
        List<String> jvmArgs(List<String> base) {
            List<String> jvm = new ArrayList<>(base);
            if (ArtemisReferenceBroker.class.getName().equals(mainClass)) {
                jvm.addAll(ArtemisInstance.launcherJvmArgs());
            }
            return List.copyOf(jvm);
        }
    }

    static LoadOptions parse(String... args) {
        List<Target> brokers = targets("artemis,tributary");
        long duration = 15;
        long warmup = 5;
        long maxMessages = 2_000_000;
        int window = 2000;
        int rate = 2000;
        List<String> workloads = List.of();
        List<String> jvm = List.of("-Xms1g", "-Xmx1g");
        for (Map.Entry<String, String> option : pairs(args)) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--brokers" -> brokers = targets(value);
                case "--duration" -> duration = positive(name, value);
                case "--warmup" -> warmup = atLeast(name, value, 0);
                case "--max-messages" -> maxMessages = positive(name, value);
                case "--window" -> window = (int) Math.min(Integer.MAX_VALUE / 64, positive(name, value));
                case "--rate" -> rate = (int) Math.min(1_000_000, positive(name, value));
                case "--workloads" -> workloads = List.of(value.split(","));
                case "--broker-jvm" -> jvm = List.of(value.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        RunLimits limits = new RunLimits(Duration.ofSeconds(duration), maxMessages, window, Duration.ofSeconds(30));
        return new LoadOptions(brokers, limits, Duration.ofSeconds(warmup), rate, workloads, jvm);
    }

    /** The workloads to run, in the standard order. */
    List<WorkloadSpec> selectedWorkloads() {
        List<WorkloadSpec> all = WorkloadSpec.amqpStandard(latencyRate);
        if (workloads.isEmpty()) {
            return all;
        }
        List<WorkloadSpec> chosen = new ArrayList<>();
        for (String name : workloads) {
            chosen.add(all.stream().filter(w -> w.name().equals(name.trim())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no workload " + name + "; the workloads are "
                            + all.stream().map(WorkloadSpec::name).toList())));
        }
        return chosen;
    }

    private static List<Target> targets(String list) {
        List<Target> targets = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String item : list.split(",")) {
            Target target = target(item.trim());
            String label = target.label();
            for (int n = 2; !labels.add(label); n++) {
                label = target.label() + "-" + n;
            }
            targets.add(new Target(label, target.mainClass(), target.args(), target.url()));
        }
        return List.copyOf(targets);
    }

    private static Target target(String item) {
        switch (item.toLowerCase(Locale.ROOT)) {
            case "artemis":
                return new Target("artemis", ArtemisReferenceBroker.class.getName(), List.of(), null);
            case "artemis-nosync":
                return new Target("artemis-nosync", ArtemisReferenceBroker.class.getName(), List.of("--no-datasync"),
                        null);
            case "tributary":
                return new Target("tributary", TributaryBrokerProcess.class.getName(), List.of(), null);
            case "tributary-tables":
                return new Target(item, TributaryBrokerProcess.class.getName(), List.of("--tables"), null);
            case "tributary-metrics":
                return new Target(item, TributaryBrokerProcess.class.getName(), List.of("--metrics"), null);
            case "tributary-permissions":
                return new Target(item, TributaryBrokerProcess.class.getName(), List.of("--permissions"), null);
            case "tributary-secured":
                return new Target(item, TributaryBrokerProcess.class.getName(), List.of("--metrics",
                        "--permissions"), null);
            default:
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("broker " + item
                            + " is neither artemis, artemis-nosync, tributary, tributary-tables, tributary-metrics,"
                            + " tributary-permissions, tributary-secured nor NAME=amqp://127.0.0.1:PORT");
                }
                return new Target(item.substring(0, eq), null, List.of(), loopbackUrl(item.substring(eq + 1)));
        }
    }

    static String loopbackUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker URL " + url + " is not a URI: " + e.getMessage(), e);
        }
        if (!"amqp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("broker URL " + url + " must be amqp://HOST:PORT");
        }
        if (!LOOPBACK.matcher(uri.getHost()).matches()) {
            throw new IllegalArgumentException("broker URL " + url + " is not on this machine; the load tool only"
                    + " drives loopback addresses (127.0.0.1, localhost, [::1])");
        }
        return url;
    }

    private static long positive(String option, String value) {
        return atLeast(option, value, 1);
    }

    /** The options as (name, value) pairs in command-line order; every option takes a value. */
    static List<Map.Entry<String, String>> pairs(String... args) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            pairs.add(Map.entry(args[i], args[i + 1]));
        }
        return pairs;
    }

    static long atLeast(String option, String value, long min) {
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + option + " needs a whole number of at least " + min
                + ", not " + value);
    }
}
