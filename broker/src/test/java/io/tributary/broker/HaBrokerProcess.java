package io.tributary.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One broker of a high-availability group in a JVM of its own ({@link Main} with the test class path), its output in
 * a log file; it can be killed (SIGKILL), paused (SIGSTOP) and resumed (SIGCONT). Not thread-safe; one test thread.
 */
final class HaBrokerProcess implements AutoCloseable {

    private final String nodeId;
    private final int port;
    private final Path config;
    private final Path log;
    private final Path dataDir;
    private String heap = "256m";
    private Process process;

    /**
     * Writes the node's configuration (ha.mode=shared-store on the PostgreSQL database at {@code storeUrl}, AMQP on
     * 127.0.0.1:{@code port}) into {@code dir}.
     */
    HaBrokerProcess(Path dir, String nodeId, int port, String storeUrl, Duration lease) throws IOException {
        this.nodeId = nodeId;
        this.port = port;
        this.config = dir.resolve(nodeId + ".properties");
        this.dataDir = Files.createDirectories(dir.resolve(nodeId + "-data"));
        this.log = dir.resolve(nodeId + ".log");
        Files.writeString(config, String.join("\n", List.of("amqp.bind=127.0.0.1", "amqp.port=" + port,
                "store.url=" + storeUrl, "store.user=postgres", "store.password=postgres", "ha.mode=shared-store",
                "ha.node-id=" + nodeId, "ha.lease=" + lease.toMillis() + "ms", "amqp.idle-timeout=4s",
                "http.port=0")) + "\n");
    }

    /** Adds settings ({@code key=value} lines) to the node's configuration file, for its next start. */
    HaBrokerProcess configure(String... lines) throws IOException {
        Files.writeString(config, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
        return this;
    }

    /** The JVM's maximum heap ({@code -Xmx}) for the next start. */
    HaBrokerProcess heap(String value) {
        heap = value;
        return this;
    }

    int port() {
        return port;
    }

    String nodeId() {
        return nodeId;
    }

    /** Starts the JVM (appending to the log file); it stands by or goes live. */
    HaBrokerProcess start() throws IOException {
        Files.writeString(log, "---- start\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                config.toString(), "--data-dir", dataDir.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** The whole log, all starts. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log since the last start. */
    String currentLog() {
        String all = log();
        return all.substring(all.lastIndexOf("---- start\n"));
    }

    boolean serving() {
        return process.isAlive() && currentLog().contains("took over in");
    }

    boolean standingBy() {
        return process.isAlive() && currentLog().contains("stands by") && !currentLog().contains("took over in");
    }

    void awaitServing(Duration within) {
        Awaitility.await(nodeId + " serving").atMost(within).pollInterval(Duration.ofMillis(50)).until(this::serving);
    }

    void awaitStandingBy(Duration within) {
        Awaitility.await(nodeId + " standing by").atMost(within).pollInterval(Duration.ofMillis(50))
                .until(this::standingBy);
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (a clean stop), and waits until the process is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(nodeId + " did not stop within 60 s; log:\n" + currentLog());
        }
    }

    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** The exit status once the process ended within {@code within}. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(nodeId + " did not exit within " + within + "; log:\n" + currentLog());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
