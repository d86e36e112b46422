package io.tributary.broker;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.config.Configuration;
import io.tributary.core.config.Settings;
import io.tributary.core.store.jdbc.StoreLease;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This broker's part in a high-availability group ({@code ha.mode=shared-store}): several brokers on one PostgreSQL
 * store, the one holding the store's {@link StoreLease} live. {@link #standBy} waits (the AMQP port closed) until this
 * node holds the lease; then the broker starts its store fenced by the lease, recovers and listens, and
 * {@link #serving} keeps the lease renewed and tells clients the peers' addresses.
 *
 * <p>Design note: every node records its AMQP URL in the store now and then ({@link StoreLease#advertise}), standby
 * nodes too; the live node reads its peers' URLs on the same timer and hands them to the AMQP server, which puts them
 * into every open frame, so no connection waits for the database on its event loop.
 *
 * <p>Thread-safe: one timer thread advertises and refreshes the peers; {@link #close()} may run on any thread.
 */
final class HaNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HaNode.class);
    /** {@code ha.lease} when the file gives none. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    private final StoreLease lease;
    private final String nodeId;
    private final ScheduledExecutorService timer;
    private volatile String address;
    private volatile Runnable onLost;
    private volatile boolean closed;
    private long liveAt;
    /** The peers last told to clients; confined to the timer thread. */
    private List<URI> toldPeers = List.of();

    private HaNode(StoreLease lease, String address) {
        this.lease = lease;
        this.nodeId = lease.nodeId();
        this.address = address;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-ha");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The node of this configuration's group, its lease tables created if absent, or null when {@code ha.mode} is
     * {@code off}.
     *
     * @throws BrokerException INVALID_ARGUMENT when HA is on without a PostgreSQL store or without a node id
     */
    static HaNode open(Configuration file, AmqpServerConfig amqp) {
        if (!file.get(Settings.HA_MODE, Settings.HaMode.OFF).equals(Settings.HaMode.SHARED_STORE)) {
            return null;
        }
        String url = file.find(Settings.STORE_URL).orElse(null);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, Settings.HA_MODE + "="
                    + Settings.HaMode.SHARED_STORE + " needs a store that several brokers share: set "
                    + Settings.STORE_URL + " (or --store) to a PostgreSQL database (jdbc:postgresql://...); "
                    + (url == null ? "the default H2 store" : "the store " + url) + " belongs to one process");
        }
        String nodeId = file.find(Settings.HA_NODE_ID).orElse("");
        if (nodeId.isBlank()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, Settings.HA_MODE + "="
                    + Settings.HaMode.SHARED_STORE + " needs " + Settings.HA_NODE_ID + ": a name for this broker,"
                    + " unique among the brokers sharing the store");
        }
        StoreLease lease = StoreLease.open(url, file.find(Settings.STORE_USER).orElse(null),
                file.find(Settings.STORE_PASSWORD).orElse(null), nodeId.trim(),
                file.get(Settings.HA_LEASE, DEFAULT_LEASE));
        return new HaNode(lease, amqp.port() == 0 ? null : address(amqp.tls() ? "amqps" : "amqp", amqp.host(),
                amqp.port()));
    }

    /** The URL clients reach a node at: a wildcard bind address stands for this machine's host name. */
    static String address(String scheme, String host, int port) {
        String h = host;
        if (h == null || h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                h = "localhost";
            }
        }
        return scheme + "://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    StoreLease lease() {
        return lease;
    }

    /**
     * Advertises this node and waits until it holds the lease (logging once that it stands by and which node is
     * live), then renews the lease from then on, through the store's start and recovery: {@code lost} runs once if it
     * is lost before {@link #serving}. Answers false when {@link #close()} ended the wait.
     */
    boolean standBy(Runnable lost) throws InterruptedException {
        onLost = lost;
        long every = lease.duration().toMillis();
        timer.scheduleWithFixedDelay(this::advertise, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("HA: node {} ({}) waits for the store's lease; its AMQP port stays closed until it is live", nodeId,
                address == null ? "port chosen when live" : address);
        boolean live = lease.awaitLive(() -> !closed) != 0;
        synchronized (this) {
            liveAt = System.nanoTime();
        }
        if (live) {
            lease.keepRenewing(() -> onLost.run());
        }
        return live;
    }

    /**
     * The broker recovered and listens: logs the takeover time (from the moment the lease could be taken to now)
     * and keeps the clients' peer list fresh; should the lease be lost from now on, {@code lost} runs (once).
     */
    void serving(AmqpServer amqp, Duration recovery, Runnable lost) {
        onLost = lost;
        long sinceTaken;
        synchronized (this) {
            sinceTaken = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - liveAt);
        }
        address = address(amqp.scheme(), amqp.host(), amqp.port());
        LOG.info("HA: node {} took over in {} ms (the lease was free {} ms before it was taken, recovery took {} ms;"
                + " lease {} ms, epoch {}); serving on {}", nodeId, lease.expiredForMillis() + sinceTaken,
                lease.expiredForMillis(), recovery.toMillis(), lease.duration().toMillis(), lease.epoch(), address);
        long every = lease.duration().toMillis();
        timer.scheduleWithFixedDelay(() -> refreshPeers(amqp), 0, every, TimeUnit.MILLISECONDS);
    }

    private void advertise() {
        String a = address;
        if (a != null && !closed) {
            lease.advertise(a);
        }
    }

    private void refreshPeers(AmqpServer amqp) {
        List<URI> peers = new ArrayList<>();
        for (String peer : lease.peers(lease.duration().multipliedBy(3))) {
            try {
                peers.add(URI.create(peer));
            } catch (IllegalArgumentException e) {
                LOG.debug("HA: node {} skips the peer address '{}': {}", nodeId, peer, e.getMessage());
            }
        }
        if (!peers.equals(toldPeers)) {
            LOG.info("HA: node {} tells its clients the peers {}", nodeId, peers);
            toldPeers = peers;
        }
        amqp.failoverPeers(peers);
    }

    /** Stops the timer and closes the lease: a live node gives it up, so call this after the store is closed. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        lease.close();
    }
}
