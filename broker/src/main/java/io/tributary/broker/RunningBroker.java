package io.tributary.broker;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.broker.http.BrokerMetrics;
import io.tributary.broker.http.HttpSettings;
import io.tributary.broker.http.ManagementServer;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.ByteSize;
import io.tributary.core.config.Configuration;
import io.tributary.core.config.Settings;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/**
 * A started broker: the core engine on its store, the AMQP server in front of it, the management HTTP server
 * (unless its port is 0) beside it, and with {@code ha.mode=shared-store} its {@link HaNode}: it started only once
 * this node held the store's lease.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread (the shutdown hook does) and is idempotent.
 */
public final class RunningBroker implements AutoCloseable {

    /** The AMQPS port used when TLS is configured and no port is given. */
    static final int AMQPS_PORT = 5671;

    private final Broker broker;
    private final AmqpServer amqp;
    /** The management HTTP server, or null when {@code http.port} is 0. */
    private final ManagementServer http;
    private final BrokerMetrics metrics;
    private final Path dataDir;
    private final String storeDescription;
    private final HaNode ha;
    private final IntConsumer halt;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private RunningBroker(Broker broker, AmqpServer amqp, ManagementServer http, BrokerMetrics metrics, Path dataDir,
                          String storeDescription, HaNode ha, IntConsumer halt) {
        this.broker = broker;
        this.amqp = amqp;
        this.http = http;
        this.metrics = metrics;
        this.dataDir = dataDir;
        this.storeDescription = storeDescription;
        this.ha = ha;
        this.halt = halt;
    }

    /**
     * Starts a broker from parsed flags and an optional configuration file; flags win over the file. With
     * {@code ha.mode=shared-store} it first stands by until this node holds the store's lease, and should it lose the
     * lease later it closes every connection and calls {@code halt} with {@link Main#LEASE_LOST}.
     */
    static RunningBroker start(RunOptions options, IntConsumer halt) {
        Configuration file = withFlags(options.config() == null ? Configuration.empty()
                : Configuration.read(options.config()), options);
        Path dataDir = (options.dataDir() == null ? Path.of("data") : options.dataDir()).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "cannot create the data directory "
                    + dataDir + ": " + e.getMessage() + "; choose another with --data-dir", e);
        }
        AmqpServerConfig amqpConfig = amqpConfig(file);
        HaNode ha = HaNode.open(file, amqpConfig);
        try {
            return start(file, dataDir, amqpConfig, ha, halt);
        } catch (RuntimeException e) {
            if (ha != null) {
                ha.close();
            }
            throw e;
        }
    }

    private static RunningBroker start(Configuration file, Path dataDir, AmqpServerConfig amqpConfig, HaNode ha,
                                       IntConsumer halt) {
        if (ha != null) {
            standBy(ha, () -> exitLeaseLost(ha.lease().nodeId(), "it was still starting and it", halt));
        }
        long starting = System.nanoTime();
        StoreFactory.Opened store = StoreFactory.open(file.find(Settings.STORE_URL).orElse(null),
                file.find(Settings.STORE_USER).orElse(null), file.find(Settings.STORE_PASSWORD).orElse(null), dataDir,
                file.get(Settings.STORE_OUTAGE_LIMIT, JdbcMessageStore.DEFAULT_OUTAGE_LIMIT),
                ha == null ? null : ha.lease(), file.find(Settings.STORE_JOURNAL).orElse(null));
        BrokerMetrics metrics = new BrokerMetrics();
        metrics.bindStore(store.store());
        BrokerConfig.Builder engine = BrokerConfig.builder().store(store.store());
        file.applyTo(engine);
        Broker broker = Broker.start(engine.build());
        Duration recovery = Duration.ofNanos(System.nanoTime() - starting);
        AmqpServer amqp = null;
        try {
            amqp = AmqpServer.start(broker, amqpConfig);
            metrics.bindBroker(broker);
            ManagementServer http = startHttp(broker, file, amqpConfig, metrics);
            RunningBroker running = new RunningBroker(broker, amqp, http, metrics, dataDir, store.description(), ha,
                    halt);
            if (ha != null) {
                ha.serving(amqp, recovery, running::leaseLost);
            }
            return running;
        } catch (RuntimeException e) {
            if (amqp != null) {
                amqp.close();
            }
            broker.close();
            metrics.close();
            throw e;
        }
    }

    private static void standBy(HaNode ha, Runnable lost) {
        try {
            if (!ha.standBy(lost)) {
                throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "stopped while standing by");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "interrupted while standing by", e);
        }
    }

    /**
     * This node lost the store's lease (another node is live, or it could not renew in time): stop serving at once.
     * The store is fenced, so nothing is confirmed that the new live node would not see; closing the connections
     * first sends clients to the new live node, where they resend what was not confirmed. Then the process stops:
     * a supervisor restarts it, as a standby.
     */
    private void leaseLost() {
        String nodeId = ha.lease().nodeId();
        amqp.close("node " + nodeId + " lost the lease on the shared store and stopped serving; another node is"
                + " live now, reconnect to it");
        exitLeaseLost(nodeId, "its connections are closed and it", halt);
    }

    private static void exitLeaseLost(String nodeId, String state, IntConsumer halt) {
        System.err.println("tributary: HA node " + nodeId + " lost its lease on the store (another node took over,"
                + " or the database could not be reached for the lease's length); " + state + " committed nothing"
                + " since; exiting with status " + Main.LEASE_LOST + " (restart it: it stands by)");
        System.err.flush();
        halt.accept(Main.LEASE_LOST);
    }

    /**
     * The management HTTP server as configured (HTTPS with the AMQP listener's key store; the configured users, when
     * there are any, log in with HTTP Basic), or null for port 0.
     */
    private static ManagementServer startHttp(Broker broker, Configuration file, AmqpServerConfig amqpConfig,
                                              BrokerMetrics metrics) {
        int port = file.get(Settings.HTTP_PORT, HttpSettings.DEFAULT_PORT);
        if (port == 0) {
            return null;
        }
        HttpSettings settings = new HttpSettings(file.get(Settings.HTTP_BIND, amqpConfig.host()), port,
                HttpSettings.DEFAULT_MAX_BODY, file.get(Settings.HTTP_STUCK_CONSUMER_AFTER,
                HttpSettings.DEFAULT_STUCK_CONSUMER_AFTER));
        LoginThrottle throttle = new LoginThrottle(amqpConfig.loginFailureDelay(), amqpConfig.maxLoginFailureDelay(),
                amqpConfig.maxLoginFailureDelay(), System::nanoTime);
        return ManagementServer.start(broker, settings, amqpConfig.tls() ? AmqpServer.sslContext(amqpConfig) : null,
                metrics, Credentials.derive(file.users()), throttle);
    }

    /** The configuration with the command line's flags in place of the file's values. */
    private static Configuration withFlags(Configuration file, RunOptions options) {
        Configuration c = file;
        if (options.amqpPort() != null) {
            c = c.with(Settings.AMQP_PORT.name(), options.amqpPort().toString());
        }
        if (options.httpPort() != null) {
            c = c.with(Settings.HTTP_PORT.name(), options.httpPort().toString());
        }
        if (options.bind() != null) {
            c = c.with(Settings.AMQP_BIND.name(), options.bind());
            c = c.with(Settings.HTTP_BIND.name(), options.bind());
        }
        if (options.store() != null) {
            c = c.with(Settings.STORE_URL.name(), options.store());
        }
        return c;
    }

    private static AmqpServerConfig amqpConfig(Configuration file) {
        AmqpServerConfig.Builder b = AmqpServerConfig.builder();
        AmqpServerConfig d = AmqpServerConfig.defaults();
        b.host(file.get(Settings.AMQP_BIND, d.host()));
        String keyStore = file.find(Settings.TLS_KEYSTORE).orElse(null);
        b.port(file.get(Settings.AMQP_PORT, keyStore != null ? AMQPS_PORT : d.port()));
        b.idleTimeout(file.get(Settings.AMQP_IDLE_TIMEOUT, d.idleTimeout()));
        b.openTimeout(file.get(Settings.AMQP_OPEN_TIMEOUT, d.openTimeout()));
        b.authTimeout(file.get(Settings.AMQP_AUTH_TIMEOUT, d.authTimeout()));
        b.maxFrameSize((int) Math.min(Integer.MAX_VALUE, file.get(Settings.AMQP_MAX_FRAME_SIZE,
                (long) d.maxFrameSize())));
        b.channelMax(file.get(Settings.AMQP_CHANNEL_MAX, d.channelMax()));
        b.allowAnonymous(file.get(Settings.SASL_ALLOW_ANONYMOUS, d.allowAnonymous()));
        b.loginFailureDelay(file.get(Settings.SASL_FAILURE_DELAY, d.loginFailureDelay()),
                file.get(Settings.SASL_MAX_FAILURE_DELAY, d.maxLoginFailureDelay()));
        file.users().forEach(b::user);
        if (keyStore != null) {
            b.tls(Path.of(keyStore), file.find(Settings.TLS_KEYSTORE_PASSWORD).orElse(null),
                    file.find(Settings.TLS_KEYSTORE_TYPE).orElse(null));
        }
        b.maxConnections(file.get(Settings.LIMITS_MAX_CONNECTIONS, d.maxConnections()));
        b.maxUnauthenticated(file.get(Settings.LIMITS_MAX_UNAUTHENTICATED, d.maxUnauthenticated()));
        b.maxSessions(file.get(Settings.LIMITS_MAX_SESSIONS, d.maxSessions()));
        b.maxLinks(file.get(Settings.LIMITS_MAX_LINKS, d.maxLinks()));
        b.maxMessageSize(file.get(Settings.LIMITS_MAX_MESSAGE_SIZE, d.maxMessageSize()));
        return b.build();
    }

    /** The line printed on start: where the broker listens, where its data is and its global memory limit. */
    public String startLine() {
        return "Tributary listening on " + amqpUri() + (http == null ? "" : ", management on " + http.url())
                + "; data in " + dataDir + "; store " + storeDescription
                + "; global memory limit " + ByteSize.format(broker.memory().limitBytes()) + " ("
                + broker.config().globalMemory() + ")";
    }

    /** The AMQP URI clients connect to. */
    public String amqpUri() {
        return amqp.scheme() + "://" + amqp.host() + ":" + amqp.port();
    }

    /** The management API's base URL, or null when it is switched off. */
    public String httpUrl() {
        return http == null ? null : http.url();
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
                if (http != null) {
                    http.close();
                }
                amqp.close();
            } finally {
                metrics.close();
                try {
                    broker.close();
                } finally {
                    if (ha != null) {
                        ha.close(); // after the store: gives the lease up, a standby takes over at once
                    }
                    stopped.countDown();
                }
            }
        }
    }
}
