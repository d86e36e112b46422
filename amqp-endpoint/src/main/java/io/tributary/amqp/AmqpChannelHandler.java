package io.tributary.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of one AMQP connection: hands received bytes to its {@link ConnectionEndpoint} and tells it when
 * the socket goes away.
 *
 * <p>Not thread-safe; Netty calls it on the channel's event loop only.
 */
final class AmqpChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpChannelHandler.class);

    private final AmqpServer server;
    private ConnectionEndpoint endpoint;
    private boolean admitted;

    AmqpChannelHandler(AmqpServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        admitted = server.admitConnection();
        endpoint = new ConnectionEndpoint(server, ctx.channel(), admitted);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            endpoint.input(buf);
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (endpoint != null) {
            endpoint.socketClosed();
            endpoint = null;
            server.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    /** Closes the connection because the server stops; call on the channel's event loop. */
    void shutdown() {
        if (endpoint != null) {
            endpoint.shutdown();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("[{}] socket error, closing: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
