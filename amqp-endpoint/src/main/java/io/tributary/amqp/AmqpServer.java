package io.tributary.amqp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tributary.core.Broker;
import io.tributary.core.BrokerException;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import org.apache.qpid.proton.amqp.Symbol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 1.0 server: accepts sockets with Netty (plain or TLS) and drives one Proton-J engine per connection on
 * that connection's event loop, talking to the core {@link Broker}.
 *
 * <p>Thread-safe: {@link #start} binds before it returns, {@link #close()} may be called from any thread.
 */
public final class AmqpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpServer.class);
    static final Symbol PRODUCT = Symbol.valueOf("product");
    static final String PRODUCT_NAME = "Tributary";
    static final Symbol FAILOVER_SERVER_LIST = Symbol.valueOf("failover-server-list");
    private static final Symbol NETWORK_HOST = Symbol.valueOf("network-host");
    private static final Symbol PORT = Symbol.valueOf("port");
    private static final Symbol SCHEME = Symbol.valueOf("scheme");

    private final Broker broker;
    private final AmqpServerConfig config;
    private final SocketTransport transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Credentials credentials;
    private final LoginThrottle loginThrottle;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger unauthenticated = new AtomicInteger();
    private final AtomicBoolean unauthenticatedFull = new AtomicBoolean();
    private final ChannelGroup channels = new DefaultChannelGroup("amqp", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private volatile List<Map<Symbol, Object>> failoverServers = List.of();
    private volatile boolean closed;

    private AmqpServer(Broker broker, AmqpServerConfig config) {
        this.broker = broker;
        this.config = config;
        SslContext ssl = config.tls() ? sslContext(config) : null;
        this.credentials = Credentials.derive(config.users());
        this.loginThrottle = new LoginThrottle(config.loginFailureDelay(), config.maxLoginFailureDelay(),
                config.authTimeout(), System::nanoTime);
        this.transport = SocketTransport.choose();
        this.bossGroup = transport.group(1, new DefaultThreadFactory("amqp-accept", true));
        this.workerGroup = transport.group(0, new DefaultThreadFactory("amqp-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls-gate", new TlsGate());
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("frames", new FrameScanner(config));
                        ch.pipeline().addLast("amqp", new AmqpChannelHandler(AmqpServer.this));
                        channels.add(ch);
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (Exception e) {
            shutdownGroups();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokerException(BrokerException.Kind.INTERNAL, "cannot listen for AMQP on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage() + "; is the port in use? choose another with --amqp-port",
                    e);
        }
    }

    /** Binds and starts serving; returns once the socket listens. */
    public static AmqpServer start(Broker broker, AmqpServerConfig config) {
        AmqpServer server = new AmqpServer(broker, config);
        LOG.info("AMQP{} listening on {}:{} ({} sockets)", config.tls() ? "S" : "", config.host(), server.port(),
                server.socketTransport());
        String whyNotEpoll = SocketTransport.whyNotEpoll();
        if (server.transport == SocketTransport.NIO && whyNotEpoll != null) {
            LOG.debug("native epoll not used: {}", whyNotEpoll);
        }
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The socket transport serving connections: {@code epoll} on Linux where its library loads, else {@code nio}. */
    public String socketTransport() {
        return transport.name().toLowerCase(Locale.ROOT);
    }

    /** The host bound. */
    public String host() {
        return config.host();
    }

    /** {@code amqp} or {@code amqps}. */
    public String scheme() {
        return config.tls() ? "amqps" : "amqp";
    }

    /** Connections open now that have logged in. */
    public int connectionCount() {
        return connections.get();
    }

    /** Sockets open now that have not logged in yet. */
    public int unauthenticatedCount() {
        return unauthenticated.get();
    }

    Broker broker() {
        return broker;
    }

    AmqpServerConfig config() {
        return config;
    }

    Credentials credentials() {
        return credentials;
    }

    LoginThrottle loginThrottle() {
        return loginThrottle;
    }

    /**
     * Counts a new socket as not logged in; false (and not counted) when that would exceed
     * {@code limits.max-unauthenticated-connections}: the socket is then to be closed at once. The first refusal is
     * a WARN, later ones DEBUG until the count falls to half the limit.
     */
    boolean admitSocket(Object peer) {
        int limit = config.maxUnauthenticated();
        if (unauthenticated.incrementAndGet() <= limit) {
            return true;
        }
        unauthenticated.decrementAndGet();
        if (unauthenticatedFull.compareAndSet(false, true)) {
            LOG.warn("[{}] refused: {} sockets have not logged in yet, the limit (limits.max-unauthenticated-"
                    + "connections); new sockets are closed at once until some log in or time out (amqp.auth-timeout "
                    + "= {} ms). Raise the limit if these are real clients", peer, limit,
                    config.authTimeout().toMillis());
        } else {
            LOG.debug("[{}] refused: limits.max-unauthenticated-connections ({}) reached", peer, limit);
        }
        return false;
    }

    /** A socket logged in: it now counts as a connection; answers false when that exceeds the connection limit. */
    boolean promote() {
        unauthenticatedLeft();
        return connections.incrementAndGet() <= config.maxConnections();
    }

    /** A counted socket closed, logged in or not. */
    void release(boolean loggedIn) {
        if (loggedIn) {
            connections.decrementAndGet();
        } else {
            unauthenticatedLeft();
        }
    }

    private void unauthenticatedLeft() {
        if (unauthenticated.decrementAndGet() <= config.maxUnauthenticated() / 2) {
            unauthenticatedFull.set(false);
        }
    }

    /**
     * The other brokers of a high-availability group ({@code amqp://host:port}), told to every client from now on in
     * its open frame's {@code failover-server-list} property: a list of maps with {@code network-host}, {@code port}
     * and {@code scheme}, the form Qpid JMS's {@code failover:} provider reads to learn where it may reconnect.
     */
    public void failoverPeers(List<URI> peers) {
        List<Map<Symbol, Object>> list = new ArrayList<>();
        for (URI peer : peers) {
            if (peer.getHost() != null && peer.getPort() > 0 && peer.getScheme() != null) {
                list.add(Map.of(NETWORK_HOST, peer.getHost(), PORT, peer.getPort(), SCHEME, peer.getScheme()));
            }
        }
        failoverServers = List.copyOf(list);
    }

    /** The properties of this server's open frames. */
    Map<Symbol, Object> openProperties() {
        List<Map<Symbol, Object>> peers = failoverServers;
        return peers.isEmpty() ? Map.of(PRODUCT, PRODUCT_NAME)
                : Map.of(PRODUCT, PRODUCT_NAME, FAILOVER_SERVER_LIST, peers);
    }

    /** Stops accepting, closes every connection. Idempotent; does not close the broker. */
    @Override
    public void close() {
        close("the broker is shutting down; reconnect when it is back");
    }

    /**
     * Stops accepting and closes every connection with {@code amqp:connection:forced} and {@code why}, so that
     * clients reconnect elsewhere. Idempotent (the first reason wins); does not close the broker.
     */
    public void close(String why) {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        List<Future<?>> closing = new ArrayList<>();
        for (Channel ch : channels) {
            AmqpChannelHandler handler = ch.pipeline().get(AmqpChannelHandler.class);
            if (handler != null) {
                closing.add(ch.eventLoop().submit(() -> handler.shutdown(why)));
            }
        }
        closing.forEach(f -> f.awaitUninterruptibly(2, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ConnectionEndpoint.SHUTDOWN_GRACE_MILLIS);
        for (Channel ch : channels) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                ch.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * The server TLS context of the configured key store; the launcher's management API serves HTTPS with it too.
     *
     * @throws BrokerException INVALID_ARGUMENT naming the key store when it cannot be loaded
     */
    public static SslContext sslContext(AmqpServerConfig config) {
        try (InputStream in = Files.newInputStream(config.keyStore())) {
            KeyStore store = KeyStore.getInstance(config.keyStoreType());
            char[] password = config.keyStorePassword().toCharArray();
            store.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return SslContextBuilder.forServer(kmf).build();
        } catch (Exception e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "cannot load the TLS key store "
                    + config.keyStore() + " (type " + config.keyStoreType() + "): " + e.getMessage()
                    + "; check tls.keystore, tls.keystore-password and tls.keystore-type", e);
        }
    }
}
