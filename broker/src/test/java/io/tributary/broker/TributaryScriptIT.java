package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Path SCRIPT = Path.of("bin", "tributary").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void runsTheBrokerFromTheBuiltJarsAndStopsOnSigterm() throws Exception {
        Process p = new ProcessBuilder(List.of(SCRIPT.toString(), "run", "--amqp-port", "0",
                "--data-dir", dir.resolve("data").toString())).redirectErrorStream(false).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("Tributary listening on amqp://127.0.0.1:"),
                    "start line: " + line);
            Matcher m = Pattern.compile("amqp://127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            assertNotEquals(0, port);
            try (Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue("script.q");
                s.createProducer(q).send(s.createTextMessage("via script"));
                assertEquals("via script", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the broker stops on SIGTERM");
            assertEquals(143, p.exitValue(), "exit status of a JVM stopped by SIGTERM");
        } finally {
            p.destroyForcibly();
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
