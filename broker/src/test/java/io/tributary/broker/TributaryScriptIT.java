package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import io.tributary.broker.cli.CliException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tributary} against the packaged jars. Runs in the package phase (after the jars and target/lib
 * exist), from the broker module's directory; the package-phase execution sets {@code tributary.packaged}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@EnabledIfSystemProperty(named = "tributary.packaged", matches = "true",
        disabledReason = "needs the packaged jars; runs in the package phase")
class TributaryScriptIT {

    private static final Path SCRIPT = ScriptProcess.SCRIPT;

    @TempDir
    Path dir;

    @Test
    void runsTheBrokerFromTheBuiltJarsAndStopsOnSigterm() throws Exception {
        try (ScriptProcess broker = ScriptProcess.run(dir, null)) {
            String line = broker.awaitStartLine();
            assertTrue(line.startsWith("Tributary listening on amqp://127.0.0.1:"), "start line: " + line);
            assertTrue(line.contains("global memory limit"), "start line: " + line);
            int port = broker.awaitPort();
            assertNotEquals(0, port);
            try (Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue("script.q");
                s.createProducer(q).send(s.createTextMessage("via script"));
                assertEquals("via script", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
            }
            broker.process.destroy(); // SIGTERM
            assertTrue(broker.process.waitFor(30, TimeUnit.SECONDS), "the broker stops on SIGTERM");
            assertEquals(143, broker.process.exitValue(), "exit status of a JVM stopped by SIGTERM");
        }
    }

    @Test
    void exitsWithAClearMessageOnABadFlag() throws Exception {
        Process p = new ProcessBuilder(List.of(SCRIPT.toString(), "run", "--amqp-port", "http"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(Main.USAGE_ERROR, p.exitValue());
        assertTrue(output.contains("--amqp-port 'http' is not a port number"), output);
    }

    @Test
    void runsTheCommandLineToolsFromTheBuiltJars() throws Exception {
        Path config = dir.resolve("users.properties");
        Result added = script("user", "add", "bob", "--config", config.toString(), "--password", "builder");
        assertEquals(0, added.status(), added.output());
        assertTrue(Files.readString(config).startsWith("users.bob=SCRAM-SHA-256$"), Files.readString(config));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Result api = script("queue", "list", "--url", "http://127.0.0.1:" + closed);
        assertEquals(CliException.UNREACHABLE, api.status(), api.output());
        assertEquals("tributary: cannot connect to http://127.0.0.1:" + closed + " (connection refused): is the broker"
                + " running at http://127.0.0.1:" + closed + "?\n", api.output());
        Result perf = script("perf", "producer", "--url", "amqp://127.0.0.1:" + closed, "--count", "1");
        assertEquals(CliException.UNREACHABLE, perf.status(), perf.output());
        assertTrue(perf.output().startsWith("tributary: cannot connect to amqp://127.0.0.1:" + closed), perf.output());
    }

    private record Result(int status, String output) {
    }

    private static Result script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), output);
    }

    @Test
    void tellsHowToBuildWhenTheJarsAreMissing() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("broker").resolve("bin"));
        Path copy = bin.resolve("tributary");
        Files.copy(SCRIPT, copy);
        copy.toFile().setExecutable(true);
        Process p = new ProcessBuilder(List.of(copy.toString(), "run")).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(output.contains("./mvnw -q -DskipTests package"), output);
    }
}
