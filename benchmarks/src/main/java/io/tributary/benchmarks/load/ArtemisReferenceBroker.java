package io.tributary.benchmarks.load;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.utils.VersionLoader;

/**
 * The reference broker of the side-by-side measurements: ActiveMQ Artemis configured as a user installs it. The
 * distribution's own {@code artemis create} (see {@link ArtemisInstance}) makes a new instance, which measures this
 * disk's sync time and writes the matching journal settings ({@code journal-type}, {@code journal-buffer-timeout},
 * {@code journal-max-io}, datasync) into its {@code broker.xml}; that file, unchanged but for the acceptors, is the
 * configuration this class starts embedded, with the instance's JAAS login (anonymous users are its guest).
 *
 * <p>The acceptors: the instance's {@code amqp} acceptor (with the options {@code artemis create} gives it:
 * 1 MiB socket buffers, epoll, AMQP credits) moved to a free 127.0.0.1 port, or an in-VM acceptor for
 * {@link InVmJmsBenchmark}. The other protocol acceptors and the web console are left out; they are idle in every
 * workload here.
 *
 * <p>As a main class it is the child process {@link LoadTool} starts: it announces its AMQP port on standard output
 * and runs until standard input closes.
 *
 * <p>Thread model: {@link #start} and {@link #close} are called from one thread; Artemis runs its own threads.
 */
public final class ArtemisReferenceBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server;
    private final ArtemisInstance instance;

    private ArtemisReferenceBroker(EmbeddedActiveMQ server, ArtemisInstance instance) {
        this.server = server;
        this.instance = instance;
    }

    /**
     * Creates an instance with {@code artemis create} in a new temporary directory (which {@link #close} deletes)
     * and starts its configuration with one acceptor.
     *
     * @param acceptorUri an Artemis acceptor URI: {@code vm://0}, or null for the instance's AMQP acceptor on
     *     {@code port}
     * @param datasync false creates the instance with {@code --no-fsync} ({@code journal-datasync=false}: the
     *     journal is written at each commit but not forced to disk)
     */
    public static ArtemisReferenceBroker start(String acceptorUri, int port, boolean datasync) throws Exception {
        ArtemisInstance instance = ArtemisInstance.create(datasync);
        try {
            Configuration config = load(instance);
            config.setAcceptorConfigurations(new HashSet<>());
            config.addAcceptorConfiguration("amqp", acceptorUri != null ? acceptorUri : instance.amqpAcceptor(port));
            EmbeddedActiveMQ server = new EmbeddedActiveMQ();
            server.setConfiguration(config);
            System.setProperty("java.security.auth.login.config", instance.etc().resolve("login.config").toString());
            server.setSecurityManager(new ActiveMQJAASSecurityManager("activemq"));
            server.start();
            return new ArtemisReferenceBroker(server, instance);
        } catch (Exception | LinkageError e) {
            instance.close();
            throw e;
        }
    }

    /** The instance's {@code broker.xml}, its relative directories resolved in the instance. */
    private static Configuration load(ArtemisInstance instance) throws Exception {
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(
                instance.etc().resolve("broker.xml").toUri().toString());
        deployment.addDeployable(config);
        deployment.readConfiguration();
        config.setBrokerInstance(instance.directory().toFile());
        config.setJMXManagementEnabled(false);
        return config;
    }

    /** What {@code artemis create} chose for this disk, in one line. */
    public String describe() {
        return "Artemis " + versionOf() + " as `artemis create` set it up here: " + instance.describe()
                + "; journal in effect: " + journalInEffect();
    }

    /**
     * The journal Artemis really runs: it falls back from ASYNCIO to NIO, logging only a warning, when its libaio
     * binding cannot load (see {@link ArtemisInstance#launcherJvmArgs()}).
     */
    private String journalInEffect() {
        Configuration config = server.getActiveMQServer().getConfiguration();
        if (config.getJournalType() != JournalType.ASYNCIO) {
            return config.getJournalType().name();
        }
        return AIOSequentialFileFactory.isSupported(config.getJournalLocation()) ? "ASYNCIO (libaio loaded)"
                : "NIO: ASYNCIO was configured but libaio could not be loaded (java.library.path "
                + System.getProperty("java.library.path") + ")";
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            instance.close();
        }
    }

    /**
     * Starts the broker with an AMQP acceptor on a free loopback port and serves. Arguments: {@code --port N} for a
     * given port, {@code --no-datasync} for an instance created with {@code --no-fsync}.
     */
    public static void main(String[] args) {
        // Artemis warns once per auto-created queue that it has no dead-letter or expiry address: noise here
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.activemq.artemis.core.server", "error");
        List<String> list = List.of(args);
        int at = list.indexOf("--port");
        int port = at >= 0 && at + 1 < args.length ? Integer.parseInt(args[at + 1]) : ChildBroker.freeLoopbackPort();
        boolean datasync = !list.contains("--no-datasync");
        ArtemisReferenceBroker broker = null;
        try {
            broker = start(null, port, datasync);
        } catch (Exception | LinkageError e) {
            ChildBroker.fail("Artemis " + versionOf() + " did not start on 127.0.0.1:" + port
                    + "; check that the port is free, the temp directory is writable and the distribution is "
                    + "unpacked (" + ArtemisInstance.distribution() + ")", e);
        }
        System.out.println(broker.describe());
        ChildBroker.announceAndServe(port, broker);
    }

    static String versionOf() {
        return VersionLoader.getVersion().getFullVersion();
    }

    /** Where the instance lives (for tests). */
    Path instanceDirectory() {
        return instance.directory();
    }
}
