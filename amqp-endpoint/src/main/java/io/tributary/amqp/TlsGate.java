package io.tributary.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.tributary.core.ClientText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of the {@link SslHandler} on a TLS port and looks at the first record a client sends: a TLS record
 * lets the connection go on (this handler leaves the pipeline, handing its bytes on); anything else, such as a plain
 * AMQP header from a client that forgot {@code amqps://}, closes the socket at once with one INFO line. The
 * {@code SslHandler} alone may read such bytes as the start of a long SSLv2 record and wait for the rest until the
 * login timeout.
 *
 * <p>Not thread-safe; one per channel, called on its event loop.
 */
final class TlsGate extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(TlsGate.class);
    /** A TLS record header: content type, version, length. */
    private static final int RECORD_HEADER = 5;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.pipeline().remove(this);
            return;
        }
        String first = in.toString(in.readerIndex(), Math.min(8, in.readableBytes()), StandardCharsets.ISO_8859_1);
        LOG.info("[{}] closed: not a TLS connection on the TLS port (it began with '{}'); connect with amqps:// or to "
                + "the plain AMQP port", ctx.channel().remoteAddress(), ClientText.safe(first));
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
