package io.tributary.benchmarks.load;

import java.nio.file.Path;
import java.util.List;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.VersionLoader;

/**
 * The reference broker of the side-by-side measurements: ActiveMQ Artemis embedded from Maven Central with its
 * default file journal (ASYNCIO when libaio is installed, NIO otherwise) in a temporary directory, security off,
 * every other setting at Artemis's default (queues and topics auto-created from the AMQP capabilities).
 *
 * <p>As a main class it is the child process {@link LoadTool} starts: an AMQP acceptor on a free 127.0.0.1 port,
 * announced on standard output, running until standard input closes. {@link InVmJmsBenchmark} uses
 * {@link #start} with an in-VM acceptor instead.
 *
 * <p>Thread model: {@link #start} and {@link #stop} are called from one thread; Artemis runs its own threads.
 */
public final class ArtemisReferenceBroker implements AutoCloseable {

    private final EmbeddedActiveMQ server;
    private final Path dataDir;

    private ArtemisReferenceBroker(EmbeddedActiveMQ server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Starts Artemis with one acceptor, its journal in a new temporary directory that {@link #close} deletes.
     *
     * @param acceptorUri an Artemis acceptor URI, e.g. {@code tcp://127.0.0.1:5672?protocols=AMQP} or {@code vm://0}
     */
    public static ArtemisReferenceBroker start(String acceptorUri) throws Exception {
        return start(acceptorUri, true);
    }

    /**
     * As {@link #start(String)}; {@code datasync} false turns Artemis's {@code journal-datasync} off, so the journal
     * is written at each commit but not forced to disk (it survives the process dying, not the machine).
     */
    public static ArtemisReferenceBroker start(String acceptorUri, boolean datasync) throws Exception {
        Path dataDir = ChildBroker.tempDirectory("artemis-reference-");
        Configuration config = new ConfigurationImpl()
                .setName("artemis-reference")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalDatasync(datasync)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .addAcceptorConfiguration("bench", acceptorUri);
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        try {
            server.start();
        } catch (Exception e) {
            ChildBroker.deleteTree(dataDir);
            throw e;
        }
        return new ArtemisReferenceBroker(server, dataDir);
    }

    /** The journal Artemis runs with here: its default is ASYNCIO, which needs libaio, else it uses NIO. */
    public static String journalKind() {
        return AIOSequentialFileFactory.isSupported() ? "ASYNCIO" : "NIO (libaio not available)";
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            ChildBroker.deleteTree(dataDir);
        }
    }

    /**
     * Starts the broker with an AMQP acceptor on a free loopback port and serves. Arguments: {@code --port N} for a
     * given port, {@code --no-datasync} for {@code journal-datasync=false}.
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
            broker = start("tcp://127.0.0.1:" + port + "?protocols=AMQP", datasync);
        } catch (Exception | LinkageError e) {
            ChildBroker.fail("Artemis " + versionOf() + " did not start on 127.0.0.1:" + port
                    + "; check that the port is free and the temp directory is writable", e);
        }
        System.out.println("Artemis " + versionOf() + ", journal " + journalKind() + ", journal-datasync " + datasync
                + ", data " + broker.dataDir);
        ChildBroker.announceAndServe(port, broker);
    }

    static String versionOf() {
        return VersionLoader.getVersion().getFullVersion();
    }
}
