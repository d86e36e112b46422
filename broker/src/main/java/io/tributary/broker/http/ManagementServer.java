package io.tributary.broker.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tributary.core.Broker;
import io.tributary.core.BrokerException;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management HTTP server: Netty's HTTP/1.1 codec on one event loop thread ({@code tributary-http-*}), requests
 * answered by {@link ManagementApi} on one worker thread ({@code tributary-http-worker}) with at most
 * {@link #MAX_WAITING} requests waiting (beyond that 503), so that management never runs on an event loop and
 * never takes more than one core from the broker. Netty rather than another server library because it already
 * runs the AMQP listener: one network stack, one TLS set-up, no new dependency tree.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread and is idempotent.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    /** Requests that may wait for the worker. */
    static final int MAX_WAITING = 64;
    /** A connection that sends nothing for this long is closed. */
    static final int IDLE_SECONDS = 60;
    /** The login throttle's first hold and its cap, as the AMQP listener's defaults ({@code sasl.failure-delay}). */
    static final Duration DEFAULT_FAILURE_DELAY = Duration.ofMillis(100);
    static final Duration DEFAULT_MAX_FAILURE_DELAY = Duration.ofSeconds(5);

    private final EventLoopGroup group;
    private final ThreadPoolExecutor worker;
    private final Channel server;
    private final boolean tls;

    private ManagementServer(EventLoopGroup group, ThreadPoolExecutor worker, Channel server, boolean tls) {
        this.group = group;
        this.worker = worker;
        this.server = server;
        this.tls = tls;
    }

    /**
     * Binds and starts serving {@code broker}.
     *
     * @param ssl     the TLS context (HTTPS), or null for plain HTTP
     * @param metrics the metrics {@code /metrics} answers
     * @param users   the users who may use the API (HTTP Basic); when empty or null, anyone who reaches the port may
     * @throws BrokerException INVALID_ARGUMENT when the address cannot be bound
     */
    public static ManagementServer start(Broker broker, HttpSettings settings, SslContext ssl, BrokerMetrics metrics,
                                         Credentials users) {
        return start(broker, settings, ssl, metrics, users, new LoginThrottle(DEFAULT_FAILURE_DELAY,
                DEFAULT_MAX_FAILURE_DELAY, DEFAULT_MAX_FAILURE_DELAY, System::nanoTime));
    }

    /**
     * Binds and starts serving {@code broker}, as {@link #start(Broker, HttpSettings, SslContext, BrokerMetrics,
     * Credentials)} does, with {@code throttle} judging failed logins by source address (429 while one is held).
     */
    public static ManagementServer start(Broker broker, HttpSettings settings, SslContext ssl, BrokerMetrics metrics,
                                         Credentials users, LoginThrottle throttle) {
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING), new DefaultThreadFactory("tributary-http-worker", true));
        ManagementApi api = new ManagementApi(broker, metrics::scrape, users, throttle,
                settings.stuckConsumerAfter());
        ConsoleFiles console = ConsoleFiles.load();
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("tributary-http", true));
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast("idle", new ReadTimeoutHandler(IDLE_SECONDS));
                            ch.pipeline().addLast("codec", new HttpServerCodec(4096, 8192, 8192));
                            ch.pipeline().addLast("keep-alive", new HttpServerKeepAliveHandler());
                            ch.pipeline().addLast("aggregator", new BoundedAggregator(settings.maxBodyBytes()));
                            ch.pipeline().addLast("api", new HttpChannelHandler(api, console, worker));
                        }
                    })
                    .bind(settings.host(), settings.port()).syncUninterruptibly().channel();
            ManagementServer s = new ManagementServer(group, worker, channel, ssl != null);
            LOG.info("management HTTP{} listening on {}:{}", ssl != null ? "S" : "", settings.host(), s.port());
            return s;
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            worker.shutdownNow();
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "cannot listen for the management API on "
                    + settings.host() + ":" + settings.port() + " (" + e.getMessage() + "); choose another with "
                    + "--http-port or http.port, or switch it off with 0", e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) server.localAddress()).getHostString();
    }

    /** The base URL ({@code http://127.0.0.1:8161}). */
    public String url() {
        return (tls ? "https" : "http") + "://" + host() + ":" + port();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        worker.shutdownNow();
    }

    /** Netty's aggregator with a JSON 413 instead of an empty one for a body over the limit. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        private final int max;

        BoundedAggregator(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            HttpChannelHandler.write(ctx, Answer.error(new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the request body is larger than " + max + " bytes, the most the management API takes")), false);
        }
    }
}
