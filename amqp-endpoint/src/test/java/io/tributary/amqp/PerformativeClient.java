package io.tributary.amqp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.security.SaslOutcome;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * A client that writes and reads raw AMQP frames over a plain socket, with none of an engine's rules: it sends what
 * a test says (transfers beyond credit, reused handles and names, an attach and its detach in one write) and shows
 * every frame the broker answers with. Logs in with SASL ANONYMOUS and opens the connection.
 *
 * <p>Not thread-safe; one test thread drives it.
 */
final class PerformativeClient implements AutoCloseable {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final long TIMEOUT_MILLIS = 10_000;

    /** One frame the broker sent. */
    record Frame(int channel, Object body, byte[] payload) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);
    private final List<Frame> received = new ArrayList<>();
    private boolean ended;

    PerformativeClient(int port) throws IOException {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) TIMEOUT_MILLIS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write(SASL_HEADER);
        readHeader();
        readFrame(); // sasl-mechanisms
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf("ANONYMOUS"));
        write(frame(1, 0, init, null));
        if (!(readFrame().body() instanceof SaslOutcome)) {
            throw new AssertionError("expected a sasl-outcome");
        }
        out.write(AMQP_HEADER);
        readHeader();
        Open open = new Open();
        open.setContainerId("frame-client");
        open.setMaxFrameSize(UnsignedInteger.valueOf(1024 * 1024));
        send(0, open);
        expect(Open.class, o -> true);
    }

    /** Begins a session on {@code channel} and waits for the broker's begin. */
    void begin(int channel) throws IOException {
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(Integer.MAX_VALUE));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(Integer.MAX_VALUE));
        send(channel, begin);
        expect(Begin.class, b -> b.getRemoteChannel() != null && b.getRemoteChannel().intValue() == channel);
    }

    /** An attach of a link on which this client sends to {@code address}. */
    static Attach senderAttach(String name, int handle, String address) {
        Attach attach = new Attach();
        attach.setName(name);
        attach.setHandle(UnsignedInteger.valueOf(handle));
        attach.setRole(Role.SENDER);
        attach.setSndSettleMode(SenderSettleMode.UNSETTLED);
        attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
        attach.setSource(new Source());
        Target target = new Target();
        target.setAddress(address);
        attach.setTarget(target);
        return attach;
    }

    /** An attach of a link on which this client receives from {@code address}. */
    static Attach receiverAttach(String name, int handle, String address) {
        Attach attach = new Attach();
        attach.setName(name);
        attach.setHandle(UnsignedInteger.valueOf(handle));
        attach.setRole(Role.RECEIVER);
        Source source = new Source();
        source.setAddress(address);
        attach.setSource(source);
        attach.setTarget(new Target());
        return attach;
    }

    static Detach detach(int handle, boolean closed) {
        Detach detach = new Detach();
        detach.setHandle(UnsignedInteger.valueOf(handle));
        detach.setClosed(closed);
        return detach;
    }

    /** A pre-settled or unsettled transfer of {@code deliveryId} on {@code handle}. */
    static Transfer transfer(int handle, long deliveryId, boolean settled) {
        Transfer t = new Transfer();
        t.setHandle(UnsignedInteger.valueOf(handle));
        t.setDeliveryId(UnsignedInteger.valueOf(deliveryId));
        t.setDeliveryTag(new Binary(Long.toString(deliveryId).getBytes()));
        t.setMessageFormat(UnsignedInteger.ZERO);
        t.setSettled(settled);
        return t;
    }

    /** Writes one frame. */
    void send(int channel, Object body) throws IOException {
        write(frame(0, channel, body, null));
    }

    /** Writes one frame with a payload (a transfer's message bytes). */
    void send(int channel, Object body, byte[] payload) throws IOException {
        write(frame(0, channel, body, payload));
    }

    /** Writes several frames in one socket write, so the broker reads them together. */
    void sendTogether(int channel, Object... bodies) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Object body : bodies) {
            all.write(frame(0, channel, body, null));
        }
        write(all.toByteArray());
    }

    /**
     * Reads frames until one of {@code type} matching {@code test} arrives; fails when none comes in time or the
     * broker closes the socket first.
     */
    <T> T expect(Class<T> type, Predicate<T> test) throws IOException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        for (Frame f : received) {
            if (type.isInstance(f.body()) && test.test(type.cast(f.body()))) {
                received.remove(f);
                return type.cast(f.body());
            }
        }
        while (System.currentTimeMillis() < deadline) {
            Frame f = readFrame();
            if (f == null) {
                throw new AssertionError("the broker closed the socket before a " + type.getSimpleName() + " came");
            }
            if (type.isInstance(f.body()) && test.test(type.cast(f.body()))) {
                return type.cast(f.body());
            }
            received.add(f);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + TIMEOUT_MILLIS + " ms; got " + received);
    }

    /** Every frame read and not yet taken by {@link #expect}. */
    List<Frame> received() {
        return received;
    }

    /** Reads one frame (skipping empty heartbeats); null at the end of the stream. */
    private Frame readFrame() throws IOException {
        while (true) {
            int size;
            try {
                size = in.readInt();
            } catch (EOFException | SocketException e) {
                ended = true;
                return null;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing from the broker within " + TIMEOUT_MILLIS + " ms", e);
            }
            int doff = in.readUnsignedByte();
            in.readUnsignedByte();
            int channel = in.readUnsignedShort();
            in.skipNBytes(doff * 4L - 8);
            byte[] rest = new byte[size - doff * 4];
            in.readFully(rest);
            if (rest.length == 0) {
                continue;
            }
            ByteBuffer buf = ByteBuffer.wrap(rest);
            decoder.setByteBuffer(buf);
            Object body = decoder.readObject();
            decoder.setByteBuffer(null);
            byte[] payload = new byte[buf.remaining()];
            buf.get(payload);
            return new Frame(channel, body, payload);
        }
    }

    /** True once the broker closed the socket. */
    boolean ended() {
        return ended;
    }

    private void readHeader() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
    }

    private byte[] frame(int type, int channel, Object body, byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024 + (payload == null ? 0 : payload.length));
        buf.position(8);
        encoder.setByteBuffer(buf);
        encoder.writeObject(body);
        encoder.setByteBuffer((ByteBuffer) null);
        if (payload != null) {
            buf.put(payload);
        }
        int size = buf.position();
        buf.putInt(0, size).put(4, (byte) 2).put(5, (byte) type).putShort(6, (short) channel);
        byte[] bytes = new byte[size];
        buf.flip().get(bytes);
        return bytes;
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
