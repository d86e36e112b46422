package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
