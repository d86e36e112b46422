package io.tributary.core.stream;

import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Adds {@code x-stream-partition} (int) and {@code x-stream-offset} (long) to a message's annotations by
 * splicing bytes: the message-annotations section is rewritten (or inserted) and every other section is
 * copied as it is, so the body and properties are never decoded. Messages it cannot splice (an annotation
 * section in an unusual encoding, or one that already holds a stream annotation) go through
 * {@link Message#withMessageAnnotations}. Stateless.
 *
 * <p>Design note: AMQP 1.0 sections are described types; each value's constructor byte says how long it
 * is (fixed widths by category, or a size field), so sections and map entries can be skipped without
 * decoding them.
 */
final class StreamAnnotator {

    private static final long MESSAGE_ANNOTATIONS = 0x72;
    private static final long PROPERTIES = 0x73;
    private static final byte[] PARTITION_KEY = symbol(JmsMapping.STREAM_PARTITION);
    private static final byte[] OFFSET_KEY = symbol(JmsMapping.STREAM_OFFSET);

    private StreamAnnotator() {
    }

    static Message annotate(Message m, int partition, long offset) {
        byte[] spliced = splice(m.encoded(), partition, offset);
        if (spliced != null) {
            return Message.wrap(spliced);
        }
        return m.withMessageAnnotations(Map.of(JmsMapping.STREAM_PARTITION, partition,
                JmsMapping.STREAM_OFFSET, offset));
    }

    /** The annotated bytes, or null when this message needs the slow path. */
    static byte[] splice(byte[] in, int partition, long offset) {
        try {
            int pos = 0;
            while (pos < in.length) {
                long code = descriptor(in, pos);
                if (code < 0) {
                    return null;
                }
                if (code > MESSAGE_ANNOTATIONS) {
                    return join(in, pos, pos, null, 0, 0, partition, offset);
                }
                int end = skip(in, pos);
                if (code == MESSAGE_ANNOTATIONS) {
                    return replaceAnnotations(in, pos, end, partition, offset);
                }
                pos = end;
            }
            return join(in, pos, pos, null, 0, 0, partition, offset);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The section code of the described section at {@code pos} (0x00 0x53 code, or 0x00 0x80 ulong), or -1. */
    private static long descriptor(byte[] in, int pos) {
        if (in[pos] != 0x00) {
            return -1;
        }
        int c = in[pos + 1] & 0xff;
        if (c == 0x53) {
            return in[pos + 2] & 0xff;
        }
        if (c == 0x80) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (in[pos + 2 + i] & 0xff);
            }
            return v >= MESSAGE_ANNOTATIONS - 2 && v <= PROPERTIES + 5 ? v : -1;
        }
        return -1;
    }

    private static byte[] replaceAnnotations(byte[] in, int start, int end, int partition, long offset) {
        int map = start + ((in[start + 1] & 0xff) == 0x53 ? 3 : 10);
        int c = in[map] & 0xff;
        int count;
        int entries;
        if (c == 0xc1) {
            count = in[map + 2] & 0xff;
            entries = map + 3;
        } else if (c == 0xd1) {
            count = int32(in, map + 5);
            entries = map + 9;
        } else {
            return null;
        }
        for (int i = 0, p = entries; i < count; i++) {
            if (i % 2 == 0 && (startsWith(in, p, PARTITION_KEY) || startsWith(in, p, OFFSET_KEY))) {
                return null;
            }
            p = skip(in, p);
        }
        return join(in, start, end, in, entries, end - entries, partition, offset, count);
    }

    private static byte[] join(byte[] in, int cut, int resume, byte[] old, int from, int length, int partition,
                               long offset) {
        return join(in, cut, resume, old, from, length, partition, offset, 0);
    }

    /** in[0..cut) + a map32 annotations section (old entries + ours) + in[resume..). */
    private static byte[] join(byte[] in, int cut, int resume, byte[] old, int from, int length, int partition,
                               long offset, int oldCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
        out.write(in, 0, cut);
        ByteArrayOutputStream ours = new ByteArrayOutputStream(48);
        ours.writeBytes(PARTITION_KEY);
        ours.write(0x71);
        writeInt(ours, partition);
        ours.writeBytes(OFFSET_KEY);
        ours.write(0x81);
        writeInt(ours, (int) (offset >>> 32));
        writeInt(ours, (int) offset);
        out.write(0x00);
        out.write(0x53);
        out.write((int) MESSAGE_ANNOTATIONS);
        out.write(0xd1);
        writeInt(out, 4 + length + ours.size());
        writeInt(out, oldCount + 4);
        if (old != null) {
            out.write(old, from, length);
        }
        out.writeBytes(ours.toByteArray());
        out.write(in, resume, in.length - resume);
        return out.toByteArray();
    }

    /** The position after the value (described or not) at {@code pos}. */
    static int skip(byte[] in, int pos) {
        int c = in[pos] & 0xff;
        if (c == 0x00) {
            return skip(in, skip(in, pos + 1));
        }
        return switch (c >>> 4) {
            case 0x4 -> pos + 1;
            case 0x5 -> pos + 2;
            case 0x6 -> pos + 3;
            case 0x7 -> pos + 5;
            case 0x8 -> pos + 9;
            case 0x9 -> pos + 17;
            case 0xa, 0xc, 0xe -> pos + 2 + (in[pos + 1] & 0xff);
            case 0xb, 0xd, 0xf -> pos + 5 + int32(in, pos + 1);
            default -> throw new IndexOutOfBoundsException("unknown AMQP constructor 0x" + Integer.toHexString(c));
        };
    }

    private static int int32(byte[] in, int pos) {
        return ((in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8)
                | (in[pos + 3] & 0xff);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static boolean startsWith(byte[] in, int pos, byte[] prefix) {
        if (pos + prefix.length > in.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] symbol(String name) {
        byte[] text = name.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[text.length + 2];
        out[0] = (byte) 0xa3;
        out[1] = (byte) text.length;
        System.arraycopy(text, 0, out, 2, text.length);
        return out;
    }
}
