package io.tributary.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.tributary.core.BrokerConnection;
import io.tributary.core.ClientText;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.message.AmqpCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection: the Proton-J transport, connection and collector, driven on the channel's event loop.
 * Bytes read go into the transport, the collector's events go through {@link EventDispatch}, and the transport's
 * output is written once per read. Engine callbacks come back through {@link #runLater(Runnable)}.
 *
 * <p>Not thread-safe: confined to the channel's event loop, except {@link #runLater(Runnable)}.
 *
 * <p>Design note: a malformed frame, or a failure in our own handling, closes this connection only (with
 * decode-error, framing-error or internal-error); the loop and every other connection carry on. Frames reach the
 * transport checked by the {@link FrameScanner}; whatever Proton-J still throws from {@code process()} is its
 * verdict on the client's bytes (our SASL code never throws into it), so it is answered with decode-error and one
 * DEBUG line. Only a failure in our own event handling is an internal-error, logged with its stack trace.
 *
 * <p>Its {@link Admission} counts it against the server's limits and closes it when it does not log in or open in
 * time.
 */
final class ConnectionEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEndpoint.class);

    /** How long a closing connection waits for the peer's close before the socket is closed anyway. */
    static final long SHUTDOWN_GRACE_MILLIS = 1000;

    private final AmqpServer server;
    private final Channel channel;
    private final EventLoop loop;
    private final GuardedTransport transport;
    private final Connection connection;
    private final Collector collector;
    private final SaslServer sasl;
    private final EventDispatch dispatch;
    private final String id;
    private final Admission admission;
    private final Transactions transactions = new Transactions();
    private final DeliveryHeaders headers = new DeliveryHeaders();
    private BrokerConnection brokerConnection;
    private BrokerConnection globalConnection;
    private final TransportWriter writer;
    private boolean flushScheduled;
    private boolean released;
    private boolean transportErrorSeen;
    private ScheduledFuture<?> tickTask;
    private long tickDeadline;

    /** A connection for a socket the server has counted as not logged in yet. */
    ConnectionEndpoint(AmqpServer server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.id = String.valueOf(channel.remoteAddress());
        AmqpServerConfig config = server.config();
        this.transport = new GuardedTransport(this::beforeDetach);
        transport.setMaxFrameSize(config.maxFrameSize());
        transport.setChannelMax(config.channelMax());
        transport.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
        transport.setEmitFlowEventOnSend(false);
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        this.admission = new Admission(this, server, loop);
        this.sasl = new SaslServer(server, address, id, admission);
        sasl.attach(transport);
        this.writer = new TransportWriter(channel, transport, sasl);
        this.connection = Connection.Factory.create();
        this.collector = Collector.Factory.create();
        connection.collect(collector);
        transport.bind(connection);
        this.dispatch = new EventDispatch(this);
    }

    /** Closes a socket that took too long to log in or open ({@link Admission}). */
    void closeIdle(String why) {
        if (!released && !writer.closing()) {
            LOG.info("[{}] closed: {}", id, why);
            writer.fail();
            writer.close();
        }
    }

    /** True until the connection closes: held-back work may still act on it. */
    boolean active() {
        return !released && !writer.closing();
    }

    boolean opened() {
        return connection.getRemoteState() != EndpointState.UNINITIALIZED;
    }

    /**
     * At the client's open: true when this connection is within {@code limits.max-connections}. A client that
     * skipped SASL logs in here.
     */
    boolean admit() {
        return admission.admit();
    }

    // ----- accessors for the dispatch and the links

    String id() {
        return id;
    }

    AmqpServer server() {
        return server;
    }

    AmqpServerConfig config() {
        return server.config();
    }

    Connection connection() {
        return connection;
    }

    String user() {
        return sasl.user();
    }

    Transactions transactions() {
        return transactions;
    }

    DeliveryHeaders headers() {
        return headers;
    }

    BrokerConnection brokerConnection() {
        return brokerConnection;
    }

    void brokerConnection(BrokerConnection value) {
        this.brokerConnection = value;
    }

    /**
     * A second engine connection without a client id, opened on first use, for links marked {@code global} (shared
     * subscriptions not scoped to a client id) on a connection that holds a client id. Qpid JMS marks them only on
     * connections without one, which need no second connection; this serves other clients (and Qpid JMS with a
     * custom client-id prefix). Transactions of the main connection do not reach it.
     */
    BrokerConnection globalConnection() {
        if (globalConnection == null) {
            ConnectionInfo info = brokerConnection.info();
            globalConnection = server.broker().connect(new ConnectionInfo(info.containerId() + "|global", null,
                    info.user()));
        }
        return globalConnection;
    }

    /** The attach whose link-open event is dispatched now (see {@link GuardedTransport}). */
    GuardedTransport.AttachSeen nextAttach() {
        return transport.nextAttach();
    }

    /**
     * Called by the transport just before it handles a detach or end: dispatches the events so far and processes the
     * output, so that an attach which arrived in the same read is answered before its detach.
     */
    private void beforeDetach() {
        processEvents();
        transport.pending();
    }

    /** True while the socket takes output without piling it up. */
    boolean writable() {
        return channel.isWritable();
    }

    /** Netty says the socket's writability changed. */
    void writabilityChanged() {
        if (channel.isWritable() && !released) {
            try {
                dispatch.onWritable();
            } catch (RuntimeException e) {
                fail(e);
            }
            flush();
        }
    }

    /** Fails when called off the channel's event loop: everything touching Proton state must be on it. */
    void assertOnLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("[" + id + "] Proton state touched off the event loop by "
                    + Thread.currentThread().getName());
        }
    }

    /** Runs {@code task} on the event loop (engine callbacks come back here), then flushes. */
    void runLater(Runnable task) {
        loop.execute(() -> {
            if (released) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                fail(e);
            }
            scheduleFlush();
        });
    }

    // ----- I/O

    void input(ByteBuf in) {
        assertOnLoop();
        while (in.isReadable() && !writer.closing()) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                break;
            }
            ByteBuffer tail = transport.tail();
            int n = Math.min(capacity, in.readableBytes());
            ByteBuffer slice = tail.duplicate();
            slice.limit(slice.position() + n);
            in.readBytes(slice);
            tail.position(tail.position() + n);
            if (!process()) {
                break;
            }
            try {
                processEvents();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        flush();
    }

    /**
     * Lets Proton-J read what was put in its tail; false when it failed on the client's bytes, which closes the
     * connection with decode-error.
     */
    private boolean process() {
        try {
            transport.process();
            return true;
        } catch (RuntimeException e) {
            String description = "the broker could not decode a frame from this client: "
                    + ClientText.safe(AmqpCodec.describe(e)) + "; the connection is closed";
            LOG.debug("[{}] closing with decode-error: {} ({})", id, description, e.getClass().getSimpleName());
            protocolError(AmqpErrors.decodeError(description));
            return false;
        }
    }

    /** The {@link FrameScanner} refused a frame: close with its condition. */
    void refuseInput(ErrorCondition condition) {
        assertOnLoop();
        if (released || writer.closing()) {
            return;
        }
        LOG.debug("[{}] closing with {}: {}", id, condition.getCondition(), condition.getDescription());
        protocolError(condition);
        flush();
    }

    /**
     * Proton-J closed the transport on its own (a frame its parser refused, or the socket ended mid-frame): its
     * description names Java classes, so it is replaced, and logged once.
     */
    void transportError() {
        ErrorCondition c = transport.getCondition();
        if (transportErrorSeen || writer.failed() || c == null) {
            return;
        }
        transportErrorSeen = true;
        ErrorCondition readable = AmqpErrors.readable(c);
        transport.setCondition(readable);
        LOG.debug("[{}] closing with {}: {}", id, readable.getCondition(), readable.getDescription());
    }

    /** Processes pending events and writes the transport output. */
    void flush() {
        assertOnLoop();
        if (released) {
            return;
        }
        try {
            processEvents();
            tick();
        } catch (RuntimeException e) {
            fail(e);
        }
        writer.write();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(() -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    private void processEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                dispatch.dispatch(event);
            } finally {
                collector.pop();
            }
        }
    }

    private void tick() {
        if (writer.closing() || transport.isClosed()) {
            return;
        }
        long now = System.nanoTime() / 1_000_000;
        long deadline = transport.tick(now);
        if (deadline == 0 || tickTask != null && !tickTask.isDone() && tickDeadline <= deadline) {
            return;
        }
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        tickDeadline = deadline;
        tickTask = loop.schedule(() -> {
            tickTask = null;
            flush();
        }, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
    }

    // ----- failures and shutdown

    /** A failure in our own handling: log it, close this connection with internal-error. */
    void fail(Throwable e) {
        LOG.error("[{}] internal error, closing the connection", id, e);
        protocolError(AmqpErrors.internalError("handling connection " + id));
    }

    /** Closes the connection with {@code condition}, whatever state the peer left it in. */
    void protocolError(ErrorCondition condition) {
        writer.fail();
        if (transport.getCondition() == null) {
            transport.setCondition(condition);
        }
        if (connection.getLocalState() == EndpointState.ACTIVE) {
            connection.setCondition(condition);
            connection.close();
        }
        try {
            transport.close_tail();
        } catch (RuntimeException ignored) {
            // the transport may already be closed; the channel is closed below in any case
        }
        releaseBrokerState();
        writer.write();
        writer.close();
    }

    /** The server is stopping: close with connection-forced and {@code why}, so clients reconnect elsewhere. */
    void shutdown(String why) {
        forceClose(why);
    }

    /** Closes the connection with connection-forced and {@code reason}: the broker stops, or an operator said so. */
    void forceClose(String reason) {
        assertOnLoop();
        if (released) {
            return;
        }
        if (connection.getLocalState() == EndpointState.ACTIVE) {
            connection.setCondition(new ErrorCondition(ConnectionError.CONNECTION_FORCED, reason));
            connection.close();
        }
        releaseBrokerState();
        writer.write();
        writer.awaitPeerClose();
    }

    /** The peer closed the connection: answer and release its engine state. */
    void remoteClosed() {
        releaseBrokerState();
        connection.close();
    }

    /** The socket is gone: release its engine state and its place in the server's counts. */
    void socketClosed() {
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        releaseBrokerState();
        released = true;
        admission.release();
    }

    private void releaseBrokerState() {
        dispatch.releaseAll();
        if (brokerConnection != null) {
            try {
                brokerConnection.close();
            } catch (RuntimeException e) {
                LOG.warn("[{}] closing the engine connection failed: {}", id, e.toString());
            }
            brokerConnection = null;
        }
        if (globalConnection != null) {
            globalConnection.close();
            globalConnection = null;
        }
    }
}
