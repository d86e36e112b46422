package io.tributary.core.message;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.DroppingWritableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Encoding and decoding of whole AMQP messages with Proton-J's codec. The one place this package touches
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
            return Arrays.copyOf(buf, n);
        } catch (BufferOverflowException e) {
            DroppingWritableBuffer sizer = new DroppingWritableBuffer();
            message.encode(sizer);
            byte[] exact = new byte[sizer.position()];
            message.encode(WritableBuffer.ByteBufferWrapper.wrap(ByteBuffer.wrap(exact)));
            return exact;
        }
    }

    /**
     * Decodes a whole message, body included. The encoding is walked first ({@link EncodingWalker}), so that
     * malformed or too deeply nested input is refused before Proton's recursive decoder sees it.
     */
    public static org.apache.qpid.proton.message.Message decode(byte[] bytes) {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        try {
            EncodingWalker.skipAll(ByteBuffer.wrap(bytes), EncodingWalker.MAX_DEPTH);
            m.decode(bytes, 0, bytes.length);
        } catch (MalformedMessageException e) {
            throw invalid(bytes.length, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw invalid(bytes.length, describe(e), e);
        }
        return m;
    }

    /** A message of {@code size} bytes that is not a valid AMQP message, and why. */
    static MalformedMessageException invalid(int size, String why, Throwable cause) {
        return new MalformedMessageException(
                "message of " + size + " bytes is not a valid AMQP 1.0 message: " + why, cause);
    }

    /**
     * What a failure of Proton's decoder says about the input, for a person: Proton reports malformed input with
     * several unchecked exception types whose names and messages (class names, casts) mean nothing to a client.
     */
    public static String describe(RuntimeException e) {
        if (e instanceof ClassCastException) {
            return "a field holds a value of the wrong type";
        }
        if (e instanceof NullPointerException) {
            return "a mandatory field is missing";
        }
        if (e instanceof BufferUnderflowException || e instanceof IndexOutOfBoundsException) {
            return "a value runs past the end of its encoding";
        }
        String m = e.getMessage() == null ? "" : EXCEPTION_PREFIX.matcher(e.getMessage()).replaceAll("");
        if (m.isBlank() || JAVA_NAME.matcher(m).find()) {
            return "its encoding is malformed";
        }
        return m;
    }

    /** {@code org.example.SomeException: } as wrapping exceptions put it in front of their cause's message. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile(
            "(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z_][\\w$]*\\.){2,}[A-Za-z_$][\\w$]*|\\b\\w*(?:Exception|Error)\\b");

    /**
     * Checks that the rest of {@code buf} is a well-formed sequence of body sections (data, amqp-sequence,
     * amqp-value) and at most a footer, nested at most {@link EncodingWalker#MAX_DEPTH} levels deep, without
     * building any value.
     *
     * @throws MalformedMessageException naming the offset and what is wrong
     */
    static void checkBodySections(ByteBuffer buf) {
        while (buf.hasRemaining()) {
            int start = buf.position();
            if (!atBodySection(buf)) {
                throw new MalformedMessageException("byte " + start
                        + ": expected a body section; only data, amqp-sequence, amqp-value and footer may follow "
                        + "the body");
            }
            EncodingWalker.skipValue(buf, EncodingWalker.MAX_DEPTH);
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
        } catch (IllegalArgumentException | BufferUnderflowException e) {
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
}
