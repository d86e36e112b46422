package io.tributary.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.utils.VersionLoader;

/**
 * An ActiveMQ Artemis instance made by the distribution's own {@code artemis create}, as a user installs one: the
 * command measures how fast this disk syncs (its "auto tuning journal") and writes the journal type (ASYNCIO when
 * libaio is installed, else NIO), {@code journal-buffer-timeout} and {@code journal-max-io} to match into the
 * instance's {@code etc/broker.xml}. {@link ArtemisReferenceBroker} runs that configuration.
 *
 * <p>The distribution ({@code org.apache.activemq:apache-artemis:VERSION:tar.gz:bin} from Maven Central) is unpacked
 * by the benchmarks build into {@code benchmarks/target/artemis-dist}; the system property {@code artemis.home}
 * points elsewhere.
 *
 * <p>Thread model: not thread-safe; one thread creates and closes it.
 */
final class ArtemisInstance implements AutoCloseable {

    private static final Pattern AMQP_ACCEPTOR = Pattern.compile("<acceptor name=\"amqp\">tcp://[^:]+:\\d+\\?([^<]*)<");
    private static final Pattern TUNING = Pattern.compile("(?m)^done! Your system can make .*$");
    private static final long CREATE_TIMEOUT_SECONDS = 120;

    private final Path root;
    private final Path directory;
    private final String brokerXml;
    private final String tuning;

    private ArtemisInstance(Path root, Path directory, String brokerXml, String tuning) {
        this.root = root;
        this.directory = directory;
        this.brokerXml = brokerXml;
        this.tuning = tuning;
    }

    /** Runs {@code artemis create} into a new temporary directory; {@code fsync} false adds {@code --no-fsync}. */
    static ArtemisInstance create(boolean fsync) {
        Path home = distribution();
        Path script = home.resolve("bin").resolve("artemis");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no Artemis distribution at " + home + "; build the benchmarks with "
                    + "`./mvnw -q -DskipTests package` (it unpacks apache-artemis " + version() + ") or set "
                    + "-Dartemis.home=DIR");
        }
        Path root = ChildBroker.tempDirectory("artemis-instance-");
        Path directory = root.resolve("broker");
        List<String> command = new ArrayList<>(List.of(script.toString(), "create", directory.toString(), "--silent",
                "--user", "bench", "--password", "bench", "--allow-anonymous", "--no-web", "--host", "127.0.0.1"));
        if (!fsync) {
            command.add("--no-fsync");
        }
        try {
            String output = run(command);
            String xml = Files.readString(directory.resolve("etc").resolve("broker.xml"), StandardCharsets.UTF_8);
            Matcher tuned = TUNING.matcher(output);
            return new ArtemisInstance(root, directory, xml, tuned.find() ? tuned.group().trim() : "(no auto tuning)");
        } catch (IOException | RuntimeException e) {
            ChildBroker.deleteTree(root);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static String run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        String text = new String(output, StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("`artemis create` failed: " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while `artemis create` ran", e);
        }
        return text;
    }

    /** The unpacked distribution: {@code -Dartemis.home}, else {@code artemis-dist/} beside this code's jar. */
    static Path distribution() {
        String configured = System.getProperty("artemis.home");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path code = Path.of(ArtemisInstance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("artemis-dist").resolve("apache-artemis-" + version());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the benchmarks' code lives: " + e.getMessage(), e);
        }
    }

    /**
     * The JVM options the distribution's launcher ({@code bin/artemis}) gives every broker it runs and that a broker
     * started otherwise must be given too: the directory of its native libaio binding. Without it Artemis cannot load
     * the binding and silently runs the NIO journal even where {@code artemis create} chose ASYNCIO.
     */
    static List<String> launcherJvmArgs() {
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        return List.of("-Djava.library.path=" + distribution().resolve("bin").resolve("lib").resolve("linux-" + arch));
    }

    private static String version() {
        return VersionLoader.getVersion().getFullVersion();
    }

    Path directory() {
        return directory;
    }

    Path etc() {
        return directory.resolve("etc");
    }

    /** The instance's {@code amqp} acceptor, with its options, on 127.0.0.1:{@code port}. */
    String amqpAcceptor(int port) {
        Matcher m = AMQP_ACCEPTOR.matcher(brokerXml);
        if (!m.find()) {
            throw new IllegalStateException("the broker.xml of " + directory + " has no amqp acceptor");
        }
        return "tcp://127.0.0.1:" + port + "?" + m.group(1).replace("&amp;", "&");
    }

    /** A broker.xml element's text, or "?" when it is absent. */
    String setting(String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(brokerXml);
        return m.find() ? m.group(1).trim() : "?";
    }

    /** The journal settings {@code artemis create} chose, and its tuning line. */
    String describe() {
        return "journal-type " + setting("journal-type") + ", journal-datasync " + setting("journal-datasync")
                + ", journal-buffer-timeout " + setting("journal-buffer-timeout") + " ns, journal-max-io "
                + setting("journal-max-io") + " (" + tuning + ")";
    }

    @Override
    public void close() {
        ChildBroker.deleteTree(root);
    }
}
