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

    /** A decoder with every AMQP defined type registered. Decoders are not thread-safe: one per use. */
    static DecoderImpl newDecoder() {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        return decoder;
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
}
