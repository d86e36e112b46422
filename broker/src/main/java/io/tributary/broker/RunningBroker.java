package io.tributary.broker;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ByteSize;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A started broker: the core engine on its store and the AMQP server in front of it.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread (the shutdown hook does) and is idempotent.
 */
public final class RunningBroker implements AutoCloseable {

    /** The AMQPS port used when TLS is configured and no port is given. */
    static final int AMQPS_PORT = 5671;

    private final Broker broker;
    private final AmqpServer amqp;
    private final Path dataDir;
    private final String storeDescription;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private RunningBroker(Broker broker, AmqpServer amqp, Path dataDir, String storeDescription) {
        this.broker = broker;
        this.amqp = amqp;
        this.dataDir = dataDir;
        this.storeDescription = storeDescription;
    }

    /** Starts a broker from parsed flags and an optional configuration file; flags win over the file. */
    static RunningBroker start(RunOptions options) {
        ConfigFile file = options.config() == null ? ConfigFile.empty() : ConfigFile.read(options.config());
        Path dataDir = (options.dataDir() == null ? Path.of("data") : options.dataDir()).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new io.tributary.core.BrokerException(io.tributary.core.BrokerException.Kind.INVALID_ARGUMENT,
                    "cannot create the data directory " + dataDir + ": " + e.getMessage()
                            + "; choose another with --data-dir", e);
        }
        AmqpServerConfig amqpConfig = amqpConfig(file, options);
        String storeUrl = options.store() != null ? options.store() : file.string("store.url");
        StoreFactory.Opened store = StoreFactory.open(storeUrl, file.string("store.user"),
                file.string("store.password"), dataDir, file.get("store.outage-limit", StoreFactory::outageLimit,
                        JdbcMessageStore.DEFAULT_OUTAGE_LIMIT));
        BrokerConfig.Builder engine = BrokerConfig.builder().store(store.store());
        file.applyTo(engine);
        Broker broker = Broker.start(engine.build());
        try {
            AmqpServer amqp = AmqpServer.start(broker, amqpConfig);
            return new RunningBroker(broker, amqp, dataDir, store.description());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static AmqpServerConfig amqpConfig(ConfigFile file, RunOptions options) {
        AmqpServerConfig.Builder b = AmqpServerConfig.builder();
        AmqpServerConfig d = AmqpServerConfig.defaults();
        b.host(options.bind() != null ? options.bind() : file.get("amqp.bind", v -> v, d.host()));
        String keyStore = file.string("tls.keystore");
        int defaultPort = keyStore != null ? AMQPS_PORT : d.port();
        b.port(options.amqpPort() != null ? options.amqpPort()
                : file.get("amqp.port", ConfigFile.Values::integer, defaultPort));
        b.idleTimeout(file.get("amqp.idle-timeout", ConfigFile.Values::duration, d.idleTimeout()));
        b.openTimeout(file.get("amqp.open-timeout", ConfigFile.Values::duration, d.openTimeout()));
        b.authTimeout(file.get("amqp.auth-timeout", ConfigFile.Values::duration, d.authTimeout()));
        b.maxFrameSize(file.get("amqp.max-frame-size", v -> (int) ConfigFile.Values.size(v), d.maxFrameSize()));
        b.channelMax(file.get("amqp.channel-max", ConfigFile.Values::integer, d.channelMax()));
        b.allowAnonymous(file.get("sasl.allow-anonymous", ConfigFile.Values::bool, d.allowAnonymous()));
        b.loginFailureDelay(file.get("sasl.failure-delay", ConfigFile.Values::duration, d.loginFailureDelay()),
                file.get("sasl.max-failure-delay", ConfigFile.Values::duration, d.maxLoginFailureDelay()));
        file.users().forEach(b::user);
        if (keyStore != null) {
            b.tls(Path.of(keyStore), file.string("tls.keystore-password"), file.string("tls.keystore-type"));
        }
        b.maxConnections(file.get("limits.max-connections", ConfigFile.Values::integer, d.maxConnections()));
        b.maxUnauthenticated(file.get("limits.max-unauthenticated-connections", ConfigFile.Values::integer,
                d.maxUnauthenticated()));
        b.maxSessions(file.get("limits.max-sessions", ConfigFile.Values::integer, d.maxSessions()));
        b.maxLinks(file.get("limits.max-links", ConfigFile.Values::integer, d.maxLinks()));
        b.maxMessageSize(file.get("limits.max-message-size", ConfigFile.Values::size, d.maxMessageSize()));
        return b.build();
    }

    /** The line printed on start: where the broker listens, where its data is and its global memory limit. */
    public String startLine() {
        return "Tributary listening on " + amqpUri() + "; data in " + dataDir + "; store " + storeDescription
                + "; global memory limit " + ByteSize.format(broker.memory().limitBytes()) + " ("
                + broker.config().globalMemory() + ")";
    }

    /** The AMQP URI clients connect to. */
    public String amqpUri() {
        return amqp.scheme() + "://" + amqp.host() + ":" + amqp.port();
    }

    public int amqpPort() {
        return amqp.port();
    }

    public Broker broker() {
        return broker;
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (stopped.getCount() == 0) {
                return;
            }
            try {
                amqp.close();
            } finally {
                broker.close();
                stopped.countDown();
            }
        }
    }
}
