package io.tributary.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of one AMQP connection: hands received frames (checked by the {@link FrameScanner}) to its
 * {@link ConnectionEndpoint} and tells it when the socket goes away. A socket beyond
 * {@code limits.max-unauthenticated-connections} is closed at once, before any AMQP is spoken.
 *
 * <p>Not thread-safe; Netty calls it on the channel's event loop only.
 */
final class AmqpChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpChannelHandler.class);

    private final AmqpServer server;
    private ConnectionEndpoint endpoint;

    AmqpChannelHandler(AmqpServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!server.admitSocket(ctx.channel().remoteAddress())) {
            ctx.close();
            return;
        }
        endpoint = new ConnectionEndpoint(server, ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameScanner.Rejection rejection) {
            if (endpoint != null) {
                endpoint.refuseInput(rejection.condition());
            }
            return;
        }
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (endpoint != null) {
                endpoint.input(buf);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (endpoint != null) {
            endpoint.socketClosed();
            endpoint = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (endpoint != null) {
            endpoint.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Closes the connection because the server stops, saying {@code why}; call on the channel's event loop. */
    void shutdown(String why) {
        if (endpoint != null) {
            endpoint.shutdown(why);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("[{}] socket error, closing: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
