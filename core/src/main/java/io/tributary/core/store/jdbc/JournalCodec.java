package io.tributary.core.store.jdbc;

import io.tributary.core.store.StoredReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The byte layout of the message journal's records ({@link MessageJournal}). A record is one group of operations
 * written with one sync: {@code int length, int crc32c, payload}; the payload is {@code long marker, int ops, ops}.
 * An operation is a kind byte and its fields: a message ({@code long id, int length, bytes}), a reference
 * ({@code long id, queue, byte priority, int delivery count, long delivery time, long expiry time, group id}), a
 * removed reference ({@code long id, queue}), a delivery count ({@code long id, queue, int count}), a dropped queue
 * ({@code queue}), a duplicate id ({@code address, id, long sequence}), a forgotten one ({@code address, id}), a
 * dropped address (its duplicate ids: {@code address}). Texts are {@code int length} (-1 for null) and UTF-8 bytes.
 *
 * <p>Not thread-safe: an encoder is the writer thread's; decoding is stateless.
 */
final class JournalCodec {

    static final byte MESSAGE = 1;
    static final byte REFERENCE = 2;
    static final byte REMOVE = 3;
    static final byte COUNT = 4;
    static final byte DROP_QUEUE = 5;
    static final byte DUPLICATE_ID = 6;
    static final byte FORGET_DUPLICATE_ID = 7;
    static final byte DROP_ADDRESS = 8;
    /** Bytes before a record's payload: its length and its checksum. */
    static final int HEADER = 8;
    /** The largest payload a record may claim; anything longer is a torn or foreign tail. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    /**
     * A decoded record's payload: its operations (a message's {@link Op.AddMessage} without its bytes) and where
     * each message's bytes are: {message id, offset from the payload's start, length}.
     */
    record Payload(long marker, List<Op> ops, List<long[]> bodies) {
    }

    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    /** Offsets of the message bodies written into the current record, relative to the record's start. */
    private final List<long[]> bodies = new ArrayList<>();

    /** Starts a record: leaves room for the header, writes the marker and the operation count. */
    void begin(long marker, int ops) {
        buffer.clear();
        bodies.clear();
        ensure(HEADER + 12);
        buffer.position(HEADER);
        buffer.putLong(marker);
        buffer.putInt(ops);
    }

    /** Adds a message; its body offset (from the record's start) goes into {@link #bodies}. */
    void message(long id, byte[] encoded) {
        ensure(13 + encoded.length);
        buffer.put(MESSAGE).putLong(id).putInt(encoded.length);
        bodies.add(new long[] {id, buffer.position(), encoded.length});
        buffer.put(encoded);
    }

    void reference(String queue, StoredReference r) {
        ensure(64);
        buffer.put(REFERENCE).putLong(r.messageId());
        text(queue);
        ensure(32);
        buffer.put((byte) r.priority()).putInt(r.deliveryCount()).putLong(r.deliveryTime()).putLong(r.expiryTime());
        text(r.groupId());
    }

    void remove(String queue, long id) {
        ensure(9);
        buffer.put(REMOVE).putLong(id);
        text(queue);
    }

    void count(String queue, long id, int deliveryCount) {
        ensure(9);
        buffer.put(COUNT).putLong(id);
        text(queue);
        ensure(4);
        buffer.putInt(deliveryCount);
    }

    void dropQueue(String queue) {
        ensure(1);
        buffer.put(DROP_QUEUE);
        text(queue);
    }

    void duplicateId(String address, String id, long sequence) {
        ensure(1);
        buffer.put(DUPLICATE_ID);
        text(address);
        text(id);
        ensure(8);
        buffer.putLong(sequence);
    }

    void forgetDuplicateId(String address, String id) {
        ensure(1);
        buffer.put(FORGET_DUPLICATE_ID);
        text(address);
        text(id);
    }

    void dropAddress(String address) {
        ensure(1);
        buffer.put(DROP_ADDRESS);
        text(address);
    }

    /** Ends the record: writes the header; answers the buffer, flipped, ready to write. */
    ByteBuffer end() {
        int length = buffer.position() - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER, length);
        buffer.putInt(0, length);
        buffer.putInt(4, (int) crc.getValue());
        buffer.flip();
        return buffer;
    }

    /** The bodies of the record just ended: {message id, offset from the record's start, length} each. */
    List<long[]> bodies() {
        return bodies;
    }

    private void text(String s) {
        if (s == null) {
            ensure(4);
            buffer.putInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + b.length);
        buffer.putInt(b.length).put(b);
    }

    private void ensure(int more) {
        if (buffer.remaining() >= more) {
            return;
        }
        long wanted = Math.max((long) buffer.capacity() * 2, (long) buffer.position() + more);
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(wanted, Integer.MAX_VALUE - 8));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }

    /** The checksum a record's payload must have. */
    static int crc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /**
     * Decodes a payload whose checksum matched.
     *
     * @throws IllegalArgumentException when the payload does not parse (a record this code did not write)
     */
    static Payload decode(ByteBuffer payload) {
        try {
            long marker = payload.getLong();
            int count = payload.getInt();
            check(count >= 0 && count <= payload.remaining(), "operation count " + count);
            List<Op> ops = new ArrayList<>(count);
            List<long[]> bodies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ops.add(decodeOp(payload, bodies));
            }
            return new Payload(marker, ops, bodies);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the record does not parse (" + e.getMessage() + ")", e);
        }
    }

    private static Op decodeOp(ByteBuffer p, List<long[]> bodies) {
        byte kind = p.get();
        switch (kind) {
            case MESSAGE -> {
                long id = p.getLong();
                int length = p.getInt();
                check(length >= 0 && length <= p.remaining(), "message length " + length);
                bodies.add(new long[] {id, p.position(), length});
                p.position(p.position() + length);
                return new Op.AddMessage(id, null);
            }
            case REFERENCE -> {
                long id = p.getLong();
                String queue = text(p);
                int priority = p.get();
                int deliveryCount = p.getInt();
                long deliveryTime = p.getLong();
                long expiry = p.getLong();
                String group = text(p);
                return new Op.AddReference(queue, new StoredReference(id, null, priority, deliveryCount, deliveryTime,
                        expiry, group));
            }
            case REMOVE -> {
                long id = p.getLong();
                return new Op.RemoveReference(text(p), id);
            }
            case COUNT -> {
                long id = p.getLong();
                String queue = text(p);
                return new Op.UpdateDeliveryCount(queue, id, p.getInt());
            }
            case DROP_QUEUE -> {
                return new Op.DeleteQueue(text(p));
            }
            case DROP_ADDRESS -> {
                return new Op.DeleteAddress(text(p));
            }
            case DUPLICATE_ID -> {
                String address = text(p);
                String id = text(p);
                return new Op.AddDuplicateId(address, id, p.getLong());
            }
            case FORGET_DUPLICATE_ID -> {
                String address = text(p);
                return new Op.RemoveDuplicateId(address, text(p));
            }
            default -> throw new IllegalArgumentException("unknown operation kind " + kind);
        }
    }

    private static String text(ByteBuffer p) {
        int length = p.getInt();
        if (length == -1) {
            return null;
        }
        check(length >= 0 && length <= p.remaining(), "text length " + length);
        String s = new String(p.array(), p.arrayOffset() + p.position(), length, StandardCharsets.UTF_8);
        p.position(p.position() + length);
        return s;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what + " is out of range");
        }
    }
}
