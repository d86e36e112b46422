package io.tributary.amqp;

import io.tributary.core.message.TestEncodings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.Disposition;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.message.Message;

/**
 * Makes malformed connections from a valid one: the bytes of a whole conversation (login, open, a session, a sending
 * and a receiving link, credit, a transfer, a disposition, detach, end, close) as a list of headers and frames, then
 * one to three mutations: bit flips, truncation, wrong frame sizes, huge counts, deep nesting, random performatives
 * on random channels and handles, random bytes, frames repeated or swapped.
 *
 * <p>Not thread-safe; one per test, driven by the test's seeded {@link Random}.
 */
final class FrameFuzzer {

    private final Random random;

    FrameFuzzer(Random random) {
        this.random = random;
    }

    /** The chunks (headers and frames) of a valid conversation. */
    static List<byte[]> conversation() {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(FrameClient.SASL_HEADER);
        byte[] login = FrameClient.anonymousLogin();
        chunks.add(Arrays.copyOfRange(login, 8, login.length - 8));
        chunks.add(FrameClient.AMQP_HEADER);
        byte[] open = FrameClient.anonymousOpen();
        chunks.add(Arrays.copyOfRange(open, login.length, open.length));
        chunks.add(FrameClient.begin(0));
        chunks.add(FrameClient.attach(0, 0, true, "fuzz.queue"));
        chunks.add(FrameClient.attach(0, 1, false, "fuzz.queue"));
        chunks.add(FrameClient.flow(0, 1, 10));
        Transfer transfer = new Transfer();
        transfer.setHandle(UnsignedInteger.ZERO);
        transfer.setDeliveryId(UnsignedInteger.ZERO);
        transfer.setDeliveryTag(new Binary(new byte[] {1}));
        transfer.setMessageFormat(UnsignedInteger.ZERO);
        chunks.add(FrameClient.frame(0, 0, transfer, message()));
        Disposition disposition = new Disposition();
        disposition.setRole(Role.RECEIVER);
        disposition.setFirst(UnsignedInteger.ZERO);
        disposition.setSettled(true);
        disposition.setState(Accepted.getInstance());
        chunks.add(FrameClient.frame(0, disposition));
        Detach detach = new Detach();
        detach.setHandle(UnsignedInteger.ONE);
        detach.setClosed(true);
        chunks.add(FrameClient.frame(0, detach));
        chunks.add(FrameClient.frame(0, new End()));
        chunks.add(FrameClient.frame(0, new Close()));
        return chunks;
    }

    private static byte[] message() {
        Message m = Message.Factory.create();
        m.setApplicationProperties(new ApplicationProperties(Map.of("colour", "red", "n", 7)));
        m.setBody(new AmqpValue(List.of("a", 1, Map.of("k", new Binary(new byte[] {1, 2})))));
        return RawAmqpClient.encode(m);
    }

    /** A mutated conversation. */
    byte[] next() {
        List<byte[]> chunks = conversation();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateChunks(chunks);
        }
        byte[] bytes = FrameClient.concat(chunks.toArray(new byte[0][]));
        return random.nextInt(4) == 0 ? flipBits(bytes) : bytes;
    }

    private void mutateChunks(List<byte[]> chunks) {
        int at = 1 + random.nextInt(chunks.size() - 1);
        switch (random.nextInt(9)) {
            case 0 -> chunks.set(at, flipBits(chunks.get(at)));
            case 1 -> {
                byte[] c = chunks.get(at);
                chunks.set(at, Arrays.copyOf(c, random.nextInt(c.length + 1)));
                chunks.subList(at + 1, chunks.size()).clear();
            }
            case 2 -> chunks.set(at, wrongSize(chunks.get(at)));
            case 3 -> chunks.set(at, hugeCount(chunks.get(at)));
            case 4 -> chunks.add(at, deepFrame());
            case 5 -> chunks.add(at, randomPerformative());
            case 6 -> chunks.add(at, randomBytes(1 + random.nextInt(64)));
            case 7 -> chunks.add(at, chunks.get(random.nextInt(chunks.size())).clone());
            default -> {
                int other = 1 + random.nextInt(chunks.size() - 1);
                byte[] swap = chunks.get(at);
                chunks.set(at, chunks.get(other));
                chunks.set(other, swap);
            }
        }
    }

    private byte[] flipBits(byte[] bytes) {
        byte[] out = bytes.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] wrongSize(byte[] chunk) {
        if (chunk.length < 8) {
            return chunk;
        }
        byte[] out = chunk.clone();
        int size = switch (random.nextInt(5)) {
            case 0 -> random.nextInt(8);
            case 1 -> chunk.length - 1 - random.nextInt(Math.max(1, chunk.length - 8));
            case 2 -> chunk.length + 1 + random.nextInt(64);
            case 3 -> Integer.MAX_VALUE;
            default -> random.nextInt();
        };
        ByteBuffer.wrap(out).putInt(0, size);
        if (random.nextBoolean()) {
            out[4] = (byte) random.nextInt(256); // data offset
        }
        return out;
    }

    /** Sets the count of a list, map or array inside the chunk to a huge value. */
    private byte[] hugeCount(byte[] chunk) {
        byte[] out = chunk.clone();
        List<Integer> compounds = new ArrayList<>();
        for (int i = 8; i < out.length; i++) {
            int b = out[i] & 0xFF;
            if (b == 0xc0 || b == 0xc1 || b == 0xd0 || b == 0xd1 || b == 0xe0 || b == 0xf0) {
                compounds.add(i);
            }
        }
        if (compounds.isEmpty()) {
            return out;
        }
        int at = compounds.get(random.nextInt(compounds.size()));
        boolean wide = (out[at] & 0xFF) >= 0xd0 && (out[at] & 0xFF) != 0xe0;
        ByteBuffer b = ByteBuffer.wrap(out);
        if (wide && at + 9 <= out.length) {
            b.putInt(at + 5, random.nextBoolean() ? -1 : Integer.MAX_VALUE);
        } else if (!wide && at + 3 <= out.length) {
            out[at + 2] = (byte) 0xff;
        }
        return out;
    }

    /** A flow, attach or transfer frame carrying a value nested 50 to 5,000 levels deep. */
    private byte[] deepFrame() {
        byte[] nested = TestEncodings.nestedLists(50 + random.nextInt(4950));
        int code = 0x12 + random.nextInt(3);
        ByteBuffer b = ByteBuffer.allocate(3 + 9 + 2 + nested.length);
        b.put(new byte[] {0x00, 0x53, (byte) code}).put((byte) 0xd0).putInt(4 + 2 + nested.length).putInt(3)
                .put(new byte[] {0x43, 0x43}).put(nested);
        return FrameClient.rawFrame(0, random.nextInt(3), b.array());
    }

    /** A performative with a random descriptor and random fields, on a random channel. */
    private byte[] randomPerformative() {
        int code = switch (random.nextInt(4)) {
            case 0 -> 0x40 + random.nextInt(5);
            case 1 -> random.nextInt(256);
            default -> 0x10 + random.nextInt(9);
        };
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        int count = random.nextInt(12);
        for (int i = 0; i < count; i++) {
            fields.writeBytes(randomField());
        }
        byte[] f = fields.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(3 + 9 + f.length);
        b.put(new byte[] {0x00, 0x53, (byte) code}).put((byte) 0xd0).putInt(4 + f.length).putInt(count).put(f);
        int channel = random.nextInt(4) == 0 ? random.nextInt(65536) : random.nextInt(3);
        return FrameClient.rawFrame(random.nextInt(8) == 0 ? 1 : 0, channel, b.array());
    }

    private byte[] randomField() {
        return switch (random.nextInt(8)) {
            case 0 -> new byte[] {0x40};
            case 1 -> new byte[] {0x43};
            case 2 -> new byte[] {0x52, (byte) random.nextInt(12)};
            case 3 -> ByteBuffer.allocate(5).put((byte) 0x70).putInt(random.nextInt()).array();
            case 4 -> new byte[] {(byte) (random.nextBoolean() ? 0x41 : 0x42)};
            case 5 -> FrameClient.concat(new byte[] {(byte) 0xa1, 3}, "abc".getBytes(StandardCharsets.US_ASCII));
            case 6 -> FrameClient.concat(new byte[] {(byte) 0xa3, 4}, "sym!".getBytes(StandardCharsets.US_ASCII));
            default -> FrameClient.encode(Symbol.valueOf("x-" + random.nextInt(100)));
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
