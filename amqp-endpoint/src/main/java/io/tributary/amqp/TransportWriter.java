package io.tributary.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;

/**
 * Writes a connection's transport output to its socket and ends the socket when the AMQP conversation is over: at
 * once after a protocol failure or a failed login, otherwise after the peer had {@link
 * ConnectionEndpoint#SHUTDOWN_GRACE_MILLIS} to close it first (so that it reads our close before the socket ends).
 *
 * <p>Not thread-safe; confined to the channel's event loop.
 */
final class TransportWriter {

    private final Channel channel;
    private final Transport transport;
    private final SaslServer sasl;
    private boolean failed;
    private boolean closing;
    private boolean awaitingPeerClose;

    TransportWriter(Channel channel, Transport transport, SaslServer sasl) {
        this.channel = channel;
        this.transport = transport;
        this.sasl = sasl;
    }

    /** The conversation ended in a protocol failure: the socket is closed without a grace period. */
    void fail() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    /** True once the socket is being closed. */
    boolean closing() {
        return closing;
    }

    /** Writes everything the transport has to send, and ends the socket when the transport is done. */
    void write() {
        boolean wrote = false;
        while (true) {
            int pending;
            try {
                pending = transport.pending();
            } catch (TransportException e) {
                pending = Transport.END_OF_STREAM;
            }
            if (pending < 0) {
                if (failed || transport.getCondition() != null) {
                    close();
                } else {
                    awaitPeerClose();
                }
                break;
            }
            if (pending == 0) {
                break;
            }
            ByteBuffer head = transport.head();
            ByteBuf out = channel.alloc().ioBuffer(pending);
            out.writeBytes(head.duplicate());
            transport.pop(pending);
            channel.write(out);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        if (sasl.failed() && !closing) {
            close();
        }
    }

    /** Leaves the socket to the peer for the grace period, then closes it. */
    void awaitPeerClose() {
        if (!awaitingPeerClose) {
            awaitingPeerClose = true;
            channel.eventLoop().schedule(this::close, ConnectionEndpoint.SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the socket once what was written has gone out. */
    void close() {
        if (!closing) {
            closing = true;
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
