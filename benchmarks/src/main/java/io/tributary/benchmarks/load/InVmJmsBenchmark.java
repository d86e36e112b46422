package io.tributary.benchmarks.load;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * In-process send/receive throughput through the JMS API (issue 5's measurements): 1 KiB messages, one producer
 * and one consumer, persistent and non-persistent, through Artemis's own in-VM JMS connection ({@code vm://0} to
 * the reference Artemis made by {@code artemis create}, then one created with {@code --no-fsync}) and through
 * Tributary's {@code vm://} provider on H2, in the same JVM and the same run, one after the other. The CPU column
 * is the whole JVM's (clients and broker), per delivery.
 *
 * <p>Run on demand, never from the test suite:
 * {@code java -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.load.InVmJmsBenchmark --duration 10}.
 *
 * <p>Thread model: the main thread runs the providers and workloads in sequence.
 */
public final class InVmJmsBenchmark {

    static final String USAGE = String.join("\n",
            "usage: java -cp benchmarks/target/benchmarks.jar io.tributary.benchmarks.load.InVmJmsBenchmark [options]",
            "  --duration S       seconds of sending per workload (default 10)",
            "  --warmup S         seconds of unmeasured load per provider first (default 5)",
            "  --max-messages N   at most N messages per workload (default 2000000)",
            "  --window N         at most N messages sent but not yet received (default 2000)");

    private InVmJmsBenchmark() {
    }

    /** One in-process provider: opens its broker and gives a connection factory for it. */
    interface Provider {
        String label();

        ConnectionFactory open() throws Exception;

        void close() throws Exception;
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        LoadOptions options;
        try {
            if (args.length == 1 && List.of("-h", "--help").contains(args[0])) {
                System.out.println(USAGE);
                return;
            }
            options = LoadOptions.parse(withDefault(args, "--duration", "10"));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.out.println(LoadTool.machine());
        List<WorkloadSpec> workloads = WorkloadSpec.inVmStandard();
        System.out.println("Each workload: at most " + options.limits().duration().toSeconds() + " s, 1 KiB bodies,"
                + " window " + options.limits().window() + ", after " + options.warmup().toSeconds() + " s warm-up.");
        workloads.forEach(w -> System.out.println("  " + w.name() + ": " + w.describe()));
        List<Provider> providers = List.of(new ArtemisInVm(true), new ArtemisInVm(false), new TributaryInVm());
        ResultTable table = new ResultTable(providers.stream().map(Provider::label).toList(), "whole-JVM CPU");
        boolean allPassed = true;
        for (int p = 0; p < providers.size(); p++) {
            for (WorkloadResult result : measure(providers.get(p), workloads, options)) {
                table.add(p, result);
                allPassed &= !result.failed();
            }
        }
        table.print(System.out);
        System.exit(allPassed ? 0 : 1);
    }

    private static List<WorkloadResult> measure(Provider provider, List<WorkloadSpec> workloads,
            LoadOptions options) {
        List<WorkloadResult> results = new ArrayList<>();
        ConnectionFactory factory;
        try {
            factory = provider.open();
        } catch (Exception | LinkageError e) {
            System.err.println("error: " + provider.label() + " did not start: " + ChildBroker.rootMessage(e));
            workloads.forEach(w -> results.add(LoadTool.failedResult(w, provider.label() + " did not start")));
            return results;
        }
        try {
            String prefix = "invm." + provider.label() + ".";
            if (!options.warmup().isZero()) {
                RunLimits warm = new RunLimits(options.warmup(), options.limits().maxMessages(),
                        options.limits().window(), options.limits().drainTimeout());
                WorkloadSpec spec = new WorkloadSpec("warmup", 1, 1, false, true, false, 0);
                System.err.println("[" + provider.label() + "] " + LoadTool.summary(
                        new WorkloadRunner(factory, spec, warm, () -> Double.NaN).run(prefix + "warmup")));
            }
            for (WorkloadSpec spec : workloads) {
                WorkloadResult result = new WorkloadRunner(factory, spec, options.limits(),
                        InVmJmsBenchmark::processCpu).run(prefix + spec.name());
                System.err.println("[" + provider.label() + "] " + LoadTool.summary(result));
                results.add(result);
            }
        } finally {
            try {
                provider.close();
            } catch (Exception e) {
                System.err.println("stopping " + provider.label() + " failed: " + ChildBroker.rootMessage(e));
            }
        }
        return results;
    }

    private static double processCpu() {
        return ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
    }

    private static String[] withDefault(String[] args, String option, String value) {
        if (List.of(args).contains(option)) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of(option, value));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /**
     * Artemis embedded with an in-VM acceptor; its JMS client's {@code vm://0} connects to it. Without datasync
     * its journal is written at each commit but not forced to disk.
     */
    static final class ArtemisInVm implements Provider {
        private final boolean datasync;
        private ArtemisReferenceBroker broker;

        ArtemisInVm(boolean datasync) {
            this.datasync = datasync;
        }

        @Override
        public String label() {
            return datasync ? "artemis" : "artemis-nosync";
        }

        @Override
        public ConnectionFactory open() throws Exception {
            broker = ArtemisReferenceBroker.start("vm://0", 0, datasync);
            System.err.println("[" + label() + "] " + broker.describe());
            return new ActiveMQConnectionFactory("vm://0");
        }

        @Override
        public void close() throws Exception {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** Tributary's own vm:// provider: an in-process broker on its H2 store in a temporary directory. */
    static final class TributaryInVm implements Provider {
        private Path dataDir;
        private Connection holder;

        @Override
        public String label() {
            return "tributary";
        }

        @Override
        public ConnectionFactory open() throws JMSException {
            dataDir = ChildBroker.tempDirectory("tributary-invm-");
            String dir = URLEncoder.encode(dataDir.toString(), StandardCharsets.UTF_8);
            ConnectionFactory factory = new TributaryConnectionFactory("vm://invm-bench?store=h2&dataDir=" + dir);
            // one connection held open for the whole run, so the broker is not stopped between workloads
            holder = factory.createConnection();
            System.err.println("[tributary] vm:// broker on H2 in " + dataDir);
            return factory;
        }

        @Override
        public void close() throws JMSException {
            try {
                if (holder != null) {
                    holder.close();
                }
            } finally {
                ChildBroker.deleteTree(dataDir);
            }
        }
    }
}
