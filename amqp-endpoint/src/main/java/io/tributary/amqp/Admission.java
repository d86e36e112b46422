package io.tributary.amqp;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * One socket's way in: it counts against {@code limits.max-unauthenticated-connections} from accept until it logs in
 * (its SASL exchange succeeds, or its open arrives when SASL is skipped), then against {@code limits.max-connections}
 * until it closes. A socket that has not logged in within {@code amqp.auth-timeout}, or opened within
 * {@code amqp.open-timeout}, is closed. Held-back SASL outcomes ({@link LoginThrottle}) are scheduled here.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class Admission implements SaslServer.Host {

    private final ConnectionEndpoint endpoint;
    private final AmqpServer server;
    private final EventLoop loop;
    private boolean loggedIn;
    private boolean admitted;
    private boolean released;

    /** Starts the timeouts of a socket the server has counted as not logged in. */
    Admission(ConnectionEndpoint endpoint, AmqpServer server, EventLoop loop) {
        this.endpoint = endpoint;
        this.server = server;
        this.loop = loop;
        long authMillis = server.config().authTimeout().toMillis();
        long openMillis = server.config().openTimeout().toMillis();
        loop.schedule(() -> {
            if (!loggedIn) {
                endpoint.closeIdle("no login within " + authMillis + " ms (amqp.auth-timeout)");
            }
        }, authMillis, TimeUnit.MILLISECONDS);
        loop.schedule(() -> {
            if (!endpoint.opened()) {
                endpoint.closeIdle("no AMQP open within " + openMillis + " ms (amqp.open-timeout)");
            }
        }, openMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void later(long millis, Runnable answer) {
        loop.schedule(() -> {
            if (endpoint.active()) {
                answer.run();
                endpoint.flush();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void loggedIn() {
        if (!loggedIn && !released) {
            loggedIn = true;
            admitted = server.promote();
        }
    }

    /** At the client's open (logging in a client that skipped SASL): true when within the connection limit. */
    boolean admit() {
        loggedIn();
        return admitted;
    }

    /** The socket closed: gives back its place in the server's counts. */
    void release() {
        if (!released) {
            released = true;
            server.release(loggedIn);
        }
    }
}
