package io.tributary.core.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Hand-made AMQP encodings for tests of malformed and deeply nested input (core's and the AMQP endpoint's, through
 * the core test jar). Stateless.
 */
public final class TestEncodings {

    private TestEncodings() {
    }

    /** {@code levels} list32 values, each holding the next, around a null. */
    public static byte[] nestedLists(int levels) {
        byte[] inner = {0x40};
        for (int i = 0; i < levels; i++) {
            ByteBuffer b = ByteBuffer.allocate(inner.length + 9);
            b.put((byte) 0xd0).putInt(inner.length + 4).putInt(1).put(inner);
            inner = b.array();
        }
        return inner;
    }

    /** A described section {@code 0x00 0x53 code} around {@code value}. */
    public static byte[] section(int code, byte[] value) {
        return concat(new byte[] {0x00, 0x53, (byte) code}, value);
    }

    /** A map32 with one string key {@code k} holding {@code value}. */
    public static byte[] mapOfK(byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(value.length + 4 + 4 + 3 + 1);
        b.put((byte) 0xd1).putInt(4 + 3 + value.length).putInt(2).put((byte) 0xa1).put((byte) 1).put((byte) 'k')
                .put(value);
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
