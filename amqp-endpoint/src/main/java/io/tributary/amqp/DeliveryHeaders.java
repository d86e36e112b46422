package io.tributary.amqp;

import java.nio.ByteBuffer;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * Sets the header's delivery-count on an outgoing message without touching the other sections: only the header
 * is decoded and re-encoded, the rest of the bytes are copied as they are.
 *
 * <p>Not thread-safe (it owns a Proton codec); one per connection, confined to its event loop.
 */
final class DeliveryHeaders {

    private static final int HEADER_CODE = 0x70;

    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);

    DeliveryHeaders() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /**
     * The message with delivery-count {@code count} (and first-acquirer false) in its header; the same array when
     * {@code count} is 0.
     */
    byte[] withDeliveryCount(byte[] encoded, int count) {
        if (count <= 0) {
            return encoded;
        }
        Header header = new Header();
        int rest = 0;
        if (startsWithHeader(encoded)) {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            decoder.setByteBuffer(in);
            Header old = (Header) decoder.readObject();
            decoder.setByteBuffer(null);
            header = new Header(old);
            rest = in.position();
        }
        header.setDeliveryCount(UnsignedInteger.valueOf(count));
        header.setFirstAcquirer(false);
        ByteBuffer out = ByteBuffer.allocate(64 + encoded.length - rest);
        encoder.setByteBuffer(out);
        encoder.writeObject(header);
        encoder.setByteBuffer((ByteBuffer) null);
        out.put(encoded, rest, encoded.length - rest);
        byte[] result = new byte[out.position()];
        out.flip().get(result);
        return result;
    }

    /** True when the first section is a header with the small-ulong or ulong descriptor. */
    private static boolean startsWithHeader(byte[] b) {
        if (b.length < 3 || b[0] != 0x00) {
            return false;
        }
        if ((b[1] & 0xff) == 0x53) {
            return (b[2] & 0xff) == HEADER_CODE;
        }
        if ((b[1] & 0xff) == 0x80 && b.length >= 10) {
            for (int i = 2; i < 9; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return (b[9] & 0xff) == HEADER_CODE;
        }
        return false;
    }
}
