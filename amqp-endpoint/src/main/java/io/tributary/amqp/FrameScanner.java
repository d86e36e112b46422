package io.tributary.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the bytes a client sends into protocol headers and frames and checks each frame before Proton-J sees it
 * (see {@link FrameGuard}): only whole, checked frames are passed on, in one buffer per read. A frame that fails is
 * not passed on; a {@link Rejection} naming the problem follows the frames before it, and everything after it is
 * dropped (the connection closes).
 *
 * <p>Headers: an 8-byte {@code AMQP} header may come where a frame would start (a frame's size never begins with
 * those bytes, as it would exceed any max-frame-size); its protocol id says whether SASL frames (type 1) or AMQP
 * frames (type 0) follow. The first bytes must be a header; anything else, or a header for another protocol, is
 * passed on for Proton-J to refuse (it answers with its own header and stops reading).
 *
 * <p>Memory: a partial frame waits here until it is whole; frames larger than the max-frame-size are refused from
 * their size field, so at most one max-frame-size is held per connection.
 *
 * <p>Not thread-safe; one per connection, called on its event loop.
 */
final class FrameScanner extends ByteToMessageDecoder {

    /** A frame was refused: the connection is to be closed with {@code condition}. */
    record Rejection(ErrorCondition condition) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FrameScanner.class);
    private static final int HEADER = 8;
    private static final int NO_HEADER_YET = -1;
    private static final int OTHER_PROTOCOL = -2;

    private final int maxFrameSize;
    private final FrameGuard guard;
    private int frameType = NO_HEADER_YET;
    private boolean stopped;

    FrameScanner(AmqpServerConfig config) {
        this.maxFrameSize = config.maxFrameSize();
        this.guard = new FrameGuard(config.channelMax());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (stopped) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int at = start;
        ErrorCondition rejection = null;
        while (rejection == null) {
            int available = in.writerIndex() - at;
            if (available >= 4 && in.getInt(at) == 0x414D5150) { // "AMQP"
                if (available < HEADER) {
                    break;
                }
                int protocol = in.getByte(at + 4);
                frameType = protocol == 0 ? FrameGuard.AMQP_FRAME : protocol == 3 ? FrameGuard.SASL_FRAME
                        : OTHER_PROTOCOL;
                at += HEADER;
                if (frameType == OTHER_PROTOCOL) {
                    stopped = true;
                    break;
                }
            } else if (frameType == NO_HEADER_YET) {
                if (available >= HEADER) {
                    at += HEADER; // not an AMQP header: Proton-J refuses it
                    stopped = true;
                }
                break;
            } else {
                if (available < HEADER) {
                    break;
                }
                long size = in.getUnsignedInt(at);
                rejection = frameHeader(in, at, size);
                if (rejection != null || available < size) {
                    break;
                }
                rejection = frameBody(ctx, in, at, (int) size);
                if (rejection == null) {
                    at += (int) size;
                }
            }
        }
        if (at > start) {
            out.add(in.readRetainedSlice(at - start));
        }
        if (rejection != null) {
            out.add(new Rejection(rejection));
            stopped = true;
        }
        if (stopped) {
            in.skipBytes(in.readableBytes());
        }
    }

    private ErrorCondition frameHeader(ByteBuf in, int at, long size) {
        if (size < HEADER || size > maxFrameSize) {
            return framingError("a frame of " + size + " bytes; frames are 8 to " + maxFrameSize
                    + " bytes (the max-frame-size this broker announced)");
        }
        int dataOffset = (in.getByte(at + 4) & 0xFF) * 4;
        int type = in.getByte(at + 5) & 0xFF;
        if (dataOffset < HEADER || dataOffset > size) {
            return framingError("a frame of " + size + " bytes whose body starts at byte " + dataOffset
                    + "; the data offset must be at least 2 (8 bytes) and within the frame");
        }
        if (type != frameType) {
            return framingError("a frame of type " + type + " where " + (frameType == FrameGuard.AMQP_FRAME
                    ? "AMQP frames (type 0)" : "SASL frames (type 1)") + " are expected");
        }
        return null;
    }

    private ErrorCondition frameBody(ChannelHandlerContext ctx, ByteBuf in, int at, int size) {
        int dataOffset = (in.getByte(at + 4) & 0xFF) * 4;
        int channel = in.getUnsignedShort(at + 6);
        try {
            return guard.check(frameType, channel, in.nioBuffer(at + dataOffset, size - dataOffset).slice());
        } catch (RuntimeException e) {
            LOG.error("[{}] checking a frame failed inside the broker", ctx.channel().remoteAddress(), e);
            return AmqpErrors.internalError("checking a frame");
        }
    }

    private static ErrorCondition framingError(String what) {
        return new ErrorCondition(ConnectionError.FRAMING_ERROR, "the client sent " + what);
    }
}
