package io.tributary.core.message;

import io.tributary.core.BrokerException;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.DroppingWritableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Encoding and decoding of whole AMQP messages with Proton-J's codec. The one place the core touches
 * Proton: only its type system and codec, never its engine or transport.
 */
public final class AmqpCodec {

    private AmqpCodec() {
    }

    /**
     * Decoders are costly to build (every AMQP type is registered) and not thread-safe, so each thread keeps
     * one. Building one per message took over half of the in-process send/receive CPU.
     */
    private static final ThreadLocal<DecoderImpl> DECODERS = ThreadLocal.withInitial(() -> {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        return decoder;
    });

    /**
     * This thread's decoder, reading {@code buffer}. Not reentrant: the caller finishes with it (and calls
     * {@link #release}) before anything on the same thread may decode again.
     */
    static DecoderImpl decoder(ByteBuffer buffer) {
        DecoderImpl decoder = DECODERS.get();
        decoder.setByteBuffer(buffer);
        return decoder;
    }

    /** Drops the decoder's reference to the last buffer so that it does not keep a message alive. */
    static void release(DecoderImpl decoder) {
        decoder.setByteBuffer(null);
    }

    /** Encodes a Proton message to exactly-sized bytes. */
    public static byte[] encode(org.apache.qpid.proton.message.Message message) {
        byte[] buf = new byte[2048];
        try {
            int n = message.encode(WritableBuffer.ByteBufferWrapper.wrap(ByteBuffer.wrap(buf)));
            return java.util.Arrays.copyOf(buf, n);
        } catch (java.nio.BufferOverflowException e) {
            DroppingWritableBuffer sizer = new DroppingWritableBuffer();
            message.encode(sizer);
            byte[] exact = new byte[sizer.position()];
            message.encode(WritableBuffer.ByteBufferWrapper.wrap(ByteBuffer.wrap(exact)));
            return exact;
        }
    }

    /** Decodes a whole message, body included. */
    public static org.apache.qpid.proton.message.Message decode(byte[] bytes) {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        try {
            m.decode(bytes, 0, bytes.length);
        } catch (BrokerException e) {
            throw e;
        } catch (RuntimeException e) {
            // Proton's decoder reports malformed input with several unchecked exception types.
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "message of " + bytes.length + " bytes is not a valid AMQP 1.0 message: " + e.getMessage(), e);
        }
        return m;
    }

    /**
     * Checks that the rest of {@code buf} is a well-formed sequence of body sections (data, amqp-sequence,
     * amqp-value) and at most a footer, by walking the encoding's size fields without building any value.
     *
     * @throws IllegalArgumentException naming the offset and what is wrong
     */
    static void checkBodySections(ByteBuffer buf) {
        try {
            checkSections(buf);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("body truncated at byte " + buf.limit(), e);
        }
    }

    private static void checkSections(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            int start = buf.position();
            if (buf.get() != 0x00) {
                throw new IllegalArgumentException("byte " + start + ": expected a described body section");
            }
            long code = readDescriptor(buf, start);
            if (!isBodySection(code)) {
                throw new IllegalArgumentException("byte " + start + ": section 0x" + Long.toHexString(code)
                        + " after the body; only data, amqp-sequence, amqp-value and footer may follow it");
            }
            skipValue(buf);
        }
    }

    /**
     * True when the section at the buffer's position is a body section (data, amqp-sequence, amqp-value) or the
     * footer, told from its descriptor alone; the position does not move, so the body is never decoded.
     */
    static boolean atBodySection(ByteBuffer buf) {
        ByteBuffer peek = buf.duplicate();
        if (peek.remaining() < 2 || peek.get() != 0x00) {
            return false;
        }
        try {
            return isBodySection(readDescriptor(peek, buf.position()));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return false; // not a numeric descriptor: let the decoder report it
        }
    }

    private static boolean isBodySection(long descriptorCode) {
        return descriptorCode >= 0x75 && descriptorCode <= 0x78;
    }

    private static long readDescriptor(ByteBuffer buf, int start) {
        int format = buf.get() & 0xFF;
        return switch (format) {
            case 0x53 -> buf.get() & 0xFF;
            case 0x80 -> buf.getLong();
            case 0x44 -> 0;
            default -> throw new IllegalArgumentException("byte " + start + ": section descriptor format 0x"
                    + Integer.toHexString(format) + " is not a numeric descriptor");
        };
    }

    /** Skips one encoded value, checking that its declared size fits in the buffer. */
    private static void skipValue(ByteBuffer buf) {
        int at = buf.position();
        int format = buf.get() & 0xFF;
        if (format == 0x00) {
            skipValue(buf);
            skipValue(buf);
            return;
        }
        int width = switch (format >> 4) {
            case 0x4 -> 0;
            case 0x5 -> 1;
            case 0x6 -> 2;
            case 0x7 -> 4;
            case 0x8 -> 8;
            case 0x9 -> 16;
            case 0xa, 0xc, 0xe -> buf.get() & 0xFF;
            case 0xb, 0xd, 0xf -> buf.getInt();
            default -> throw new IllegalArgumentException("byte " + at + ": unknown type code 0x"
                    + Integer.toHexString(format));
        };
        if (width < 0 || width > buf.remaining()) {
            throw new IllegalArgumentException("byte " + at + ": value of " + Integer.toUnsignedString(width)
                    + " bytes runs past the end of the message (truncated)");
        }
        buf.position(buf.position() + width);
    }
}
