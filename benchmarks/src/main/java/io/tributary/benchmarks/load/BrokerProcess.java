package io.tributary.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A broker running in a child JVM that {@link LoadTool} started, with the tool's own class path, speaking the
 * {@link ChildBroker} protocol. Its CPU time is read from /proc before and after each workload.
 *
 * <p>Thread model: used by the tool's main thread; one daemon thread per child drains the child's output (so the
 * child never blocks on a full pipe), echoes it to standard error and keeps the last lines for error messages.
 */
final class BrokerProcess implements AutoCloseable {

    private static final int KEPT_LINES = 30;

    private final String label;
    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Function<String, Integer> readyPort;
    private int port;
    /** The management API's base URL when the child announced one (before it is ready), else null. */
    private volatile String httpUrl;

    private BrokerProcess(String label, Process process, Function<String, Integer> readyPort) {
        this.label = label;
        this.process = process;
        this.readyPort = readyPort;
    }

    /**
     * Starts {@code mainClass} in a new JVM and waits until it announces its port.
     *
     * @throws LoadFailure when the child cannot be started, says it failed, exits, or is silent for too long; the
     *     message has the child's last output lines
     */
    static BrokerProcess start(String label, String mainClass, List<String> jvmArgs, List<String> args,
            long startTimeoutSeconds) {
        return start(label, System.getProperty("java.class.path"), mainClass, jvmArgs, args, startTimeoutSeconds,
                BrokerProcess::childBrokerPort);
    }

    /**
     * Starts {@code mainClass} from {@code classPath} in a new JVM and waits until {@code readyPort} finds the
     * port in a line of its output (it returns null for every other line).
     *
     * @throws LoadFailure as {@link #start(String, String, List, List, long)}
     */
    static BrokerProcess start(String label, String classPath, String mainClass, List<String> jvmArgs,
            List<String> args, long startTimeoutSeconds, Function<String, Integer> readyPort) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LoadFailure("could not start a JVM for broker " + label + " (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
        BrokerProcess broker = new BrokerProcess(label, process, readyPort);
        Thread drain = new Thread(broker::drainOutput, "load-broker-output-" + label);
        drain.setDaemon(true);
        drain.start();
        broker.awaitReady(startTimeoutSeconds);
        return broker;
    }

    private void awaitReady(long timeoutSeconds) {
        try {
            port = ready.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            close();
            throw new LoadFailure("broker " + label + " did not say it was ready within " + timeoutSeconds
                    + " s; its last output:\n" + lastOutput());
        } catch (ExecutionException e) {
            close();
            throw new LoadFailure("broker " + label + " failed to start: " + e.getCause().getMessage()
                    + "\nits last output:\n" + lastOutput());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LoadFailure("interrupted while broker " + label + " was starting");
        }
    }

    private void drainOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                remember(line);
                System.err.println("[" + label + "] " + line);
                Integer announced = readyPort.apply(line);
                if (line.startsWith(ChildBroker.HTTP_PREFIX)) {
                    httpUrl = line.substring(ChildBroker.HTTP_PREFIX.length()).trim();
                } else if (announced != null) {
                    ready.complete(announced);
                } else if (line.startsWith(ChildBroker.FAILED_PREFIX)) {
                    ready.completeExceptionally(new LoadFailure(line.substring(ChildBroker.FAILED_PREFIX.length())));
                }
            }
        } catch (IOException | RuntimeException e) {
            remember("(reading the broker's output failed: " + e + ")");
        }
        ready.completeExceptionally(new LoadFailure("its JVM exited" + exitStatus()));
    }

    private static Integer childBrokerPort(String line) {
        return line.startsWith(ChildBroker.READY_PREFIX)
                ? Integer.valueOf(line.substring(ChildBroker.READY_PREFIX.length()).trim()) : null;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String exitStatus() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? " with status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private synchronized void remember(String line) {
        if (lastLines.size() == KEPT_LINES) {
            lastLines.removeFirst();
        }
        lastLines.addLast(line);
    }

    synchronized String lastOutput() {
        return lastLines.isEmpty() ? "  (none)" : "  " + String.join("\n  ", lastLines);
    }

    String label() {
        return label;
    }

    int port() {
        return port;
    }

    String amqpUrl() {
        return "amqp://127.0.0.1:" + port;
    }

    /** The broker's management API base URL ({@code http://127.0.0.1:PORT}), or null when it has none. */
    String httpUrl() {
        return httpUrl;
    }

    /** CPU seconds the broker's JVM has used so far (all threads, user + system). */
    double cpuSeconds() {
        return ProcessCpu.cpuSeconds(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the child to stop (closes its standard input), then ends it if it has not stopped within 20 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
