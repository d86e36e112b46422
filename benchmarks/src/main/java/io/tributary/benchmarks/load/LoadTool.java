package io.tributary.benchmarks.load;

import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The side-by-side load tool (issue 4's measurements): drives AMQP 1.0 brokers through the real Qpid JMS client
 * and prints deliveries per second, latency percentiles and the broker's CPU per delivery, with the ratio of the
 * last broker's figures (the one measured, Tributary by default) to each reference's (Artemis by default).
 *
 * <p>Brokers named {@code artemis} and {@code tributary} are started by the tool, one after the other, each in a
 * child JVM with the tool's class path and the same JVM options, so the CPU its process uses in each workload can
 * be read from /proc. Every workload is bounded in time and messages and uses only 127.0.0.1. Run on demand, never
 * from the test suite. Tributary's variants (see {@link TributaryBrokerProcess}) add what an operated broker runs
 * with: its clients logging in and permission checks, and a {@link MetricsScraper} reading {@code /metrics} every
 * second.
 *
 * <p>Thread model: the main thread runs brokers and workloads in sequence; {@link WorkloadRunner} has its own
 * client threads.
 */
public final class LoadTool {

    private static final long START_TIMEOUT_SECONDS = 90;

    private final LoadOptions options;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final List<String> idleCpu = new ArrayList<>();
    private final List<String> scrapes = new ArrayList<>();
    private boolean allPassed = true;

    private LoadTool(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        LoadOptions options;
        List<WorkloadSpec> workloads;
        try {
            if (args.length == 1 && List.of("-h", "--help").contains(args[0])) {
                System.out.println(LoadOptions.USAGE);
                return;
            }
            options = LoadOptions.parse(args);
            workloads = options.selectedWorkloads();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new LoadTool(options).run(workloads) ? 0 : 1);
    }

    private boolean run(List<WorkloadSpec> workloads) {
        System.out.println(machine());
        System.out.println("Each workload: at most " + options.limits().duration().toSeconds() + " s and "
                + options.limits().maxMessages() + " messages, 1 KiB bodies, window "
                + options.limits().window() + ", after " + options.warmup().toSeconds() + " s warm-up per broker.");
        workloads.forEach(w -> System.out.println("  " + w.name() + ": " + w.describe()));
        List<String> labels = options.brokers().stream().map(LoadOptions.Target::label).toList();
        ResultTable table = new ResultTable(labels, "broker CPU");
        for (int b = 0; b < labels.size(); b++) {
            for (WorkloadResult result : measure(options.brokers().get(b), workloads)) {
                table.add(b, result);
                allPassed &= !result.failed();
            }
        }
        table.print(System.out);
        if (!idleCpu.isEmpty()) {
            System.out.println("Idle CPU of the broker processes (2 s after warm-up, no clients): "
                    + String.join(", ", idleCpu));
        }
        if (!scrapes.isEmpty()) {
            System.out.println("Scrapes of /metrics, one a second through warm-up and workloads: "
                    + String.join("; ", scrapes));
        }
        return allPassed;
    }

    private List<WorkloadResult> measure(LoadOptions.Target target, List<WorkloadSpec> workloads) {
        if (!target.started()) {
            ConnectionFactory factory = new JmsConnectionFactory(target.url());
            warmUp(target.label(), factory);
            return runAll(target.label(), factory, () -> Double.NaN, () -> true, workloads);
        }
        System.err.println("starting broker " + target.label() + " (" + target.mainClass() + ")");
        try (BrokerProcess broker = BrokerProcess.start(target.label(), target.mainClass(),
                target.jvmArgs(options.brokerJvmArgs()), target.args(), START_TIMEOUT_SECONDS)) {
            JmsConnectionFactory factory = new JmsConnectionFactory(broker.amqpUrl());
            String user = target.logsIn() ? TributaryBrokerProcess.USER : null;
            String password = target.logsIn() ? TributaryBrokerProcess.PASSWORD : null;
            factory.setUsername(user);
            factory.setPassword(password);
            MetricsScraper scraper = broker.httpUrl() == null ? null
                    : MetricsScraper.start(target.label(), broker.httpUrl(), user, password);
            try {
                warmUp(target.label(), factory);
                idleCpu.add(target.label() + " " + idlePercent(broker) + "% of a core");
                return runAll(target.label(), factory, broker::cpuSeconds, broker::isAlive, workloads);
            } finally {
                if (scraper != null) {
                    scraper.close();
                    scrapes.add(scraper.summary());
                    allPassed &= !scraper.failed();
                }
            }
        } catch (LoadFailure e) {
            System.err.println("error: " + e.getMessage());
            List<WorkloadResult> failed = new ArrayList<>();
            String reason = "broker " + target.label() + " did not start (see the error above)";
            workloads.forEach(w -> failed.add(failedResult(w, reason)));
            return failed;
        }
    }

    private List<WorkloadResult> runAll(String label, ConnectionFactory factory, DoubleSupplier cpu,
            BooleanSupplier alive, List<WorkloadSpec> workloads) {
        List<WorkloadResult> results = new ArrayList<>();
        for (WorkloadSpec spec : workloads) {
            if (!alive.getAsBoolean()) {
                results.add(failedResult(spec, "broker " + label + " is no longer running (its output is above)"));
                continue;
            }
            System.err.println("[" + label + "] running " + spec.name() + " ...");
            WorkloadResult result = new WorkloadRunner(factory, spec, options.limits(), cpu)
                    .run(destination(spec.name()));
            System.err.println("[" + label + "] " + summary(result));
            results.add(result);
        }
        return results;
    }

    private static String idlePercent(BrokerProcess broker) {
        double before = broker.cpuSeconds();
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        return ResultTable.number("%.1f", (broker.cpuSeconds() - before) / 2 * 100);
    }

    /** Unmeasured load so both JVMs have compiled their hot paths: half queue non-persistent, half persistent. */
    private void warmUp(String label, ConnectionFactory factory) {
        if (options.warmup().isZero()) {
            return;
        }
        System.err.println("[" + label + "] warming up for " + options.warmup().toSeconds() + " s");
        Duration half = options.warmup().dividedBy(2).isZero() ? options.warmup() : options.warmup().dividedBy(2);
        RunLimits limits = new RunLimits(half, options.limits().maxMessages(), options.limits().window(),
                options.limits().drainTimeout());
        for (WorkloadSpec spec : List.of(new WorkloadSpec("warmup-nondurable", 1, 1, false, false, false, 0),
                new WorkloadSpec("warmup-durable", 4, 1, false, true, false, 0))) {
            WorkloadResult result = new WorkloadRunner(factory, spec, limits, () -> Double.NaN)
                    .run(destination(spec.name()));
            System.err.println("[" + label + "] " + summary(result));
        }
    }

    private String destination(String workload) {
        return "load." + workload.replaceAll("[^A-Za-z0-9]+", "-") + "." + runId;
    }

    static WorkloadResult failedResult(WorkloadSpec spec, String reason) {
        return new WorkloadResult(spec, 0, 0, 0, new Histogram(1000, 3), Double.NaN, Double.NaN, reason);
    }

    static String summary(WorkloadResult r) {
        String text = String.format(Locale.ROOT, "%s: %,d sent, %,d received, %,.0f deliveries/s, p99 %.3f ms,"
                + " broker cpu %.2f s, client cpu %.2f s", r.spec().name(), r.sent(), r.received(),
                r.deliveriesPerSecond(), r.latencyMicros().getValueAtPercentile(99) / 1000.0, r.brokerCpuSeconds(),
                r.clientCpuSeconds());
        return r.failed() ? text + "; FAILED: " + r.error() : text;
    }

    /** The machine the figures come from, for the report. */
    static String machine() {
        return String.format(Locale.ROOT, "Machine: %d cores (available to the JVM), %s memory, %s %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(), totalMemory(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private static String totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }
}
