package io.tributary.amqp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Writes hand-made frames on a raw socket and reads what the broker answers until it closes the socket: for input no
 * real client sends (malformed frames, wrong channels and handles, fuzzed bytes). Builds bytes with Proton-J's codec.
 *
 * <p>Not thread-safe; one test thread drives it.
 */
final class FrameClient implements AutoCloseable {

    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private static final DecoderImpl DECODER = new DecoderImpl();
    private static final EncoderImpl ENCODER = new EncoderImpl(DECODER);

    static {
        AMQPDefinedTypes.registerAllTypes(DECODER, ENCODER);
    }

    private final Socket socket;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    FrameClient(int port) throws IOException {
        this(port, null);
    }

    /** Connects from {@code localAddress} (any 127.x.y.z works on Linux), or the default when null. */
    FrameClient(int port, InetAddress localAddress) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port, localAddress, 0);
        socket.setSoTimeout(10_000);
    }

    /** How the broker names this connection in its log: the client's address and port. */
    String peer() {
        return String.valueOf(socket.getLocalSocketAddress());
    }

    /** Writes {@code bytes}. */
    FrameClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Stops sending (the broker sees the end of input). */
    void endInput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads until the broker closes the socket; fails when it does not within the socket timeout. */
    Reply readUntilClosed() throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                reply.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker did not close the socket; it sent "
                    + new Reply(reply.toByteArray()).performatives(), e);
        } catch (SocketException e) {
            // reset by the broker: closed
        }
        return new Reply(reply.toByteArray());
    }

    /**
     * Reads until what arrived since the last read holds a performative {@code wanted} accepts (or the socket ends);
     * fails after the socket timeout.
     */
    Object readUntil(Predicate<Object> wanted) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            for (Object p : new Reply(pending.toByteArray()).performatives()) {
                if (wanted.test(p)) {
                    pending.reset();
                    return p;
                }
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing wanted arrived; got " + new Reply(pending.toByteArray())
                        .performatives(), e);
            }
            if (n < 0) {
                throw new AssertionError("the broker closed the socket; it sent "
                        + new Reply(pending.toByteArray()).performatives());
            }
            pending.write(buf, 0, n);
        }
    }

    /** Reads what arrives within {@code millis} without waiting for the end. */
    Reply readFor(int millis) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        socket.setSoTimeout(millis);
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buf)) >= 0) {
                reply.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came in time
        }
        return new Reply(reply.toByteArray());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ----- frames

    /** The bytes of one frame of {@code type} (0 AMQP, 1 SASL) on {@code channel} holding {@code body} + payload. */
    static byte[] frame(int type, int channel, Object body, byte[] payload) {
        byte[] encoded = body == null ? new byte[0] : encode(body);
        int payloadLength = payload == null ? 0 : payload.length;
        ByteBuffer b = ByteBuffer.allocate(8 + encoded.length + payloadLength);
        b.putInt(b.capacity()).put((byte) 2).put((byte) type).putShort((short) channel).put(encoded);
        if (payload != null) {
            b.put(payload);
        }
        return b.array();
    }

    /** An AMQP frame (type 0). */
    static byte[] frame(int channel, Object body) {
        return frame(0, channel, body, null);
    }

    /** A frame of {@code type} around raw body bytes. */
    static byte[] rawFrame(int type, int channel, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.putInt(b.capacity()).put((byte) 2).put((byte) type).putShort((short) channel).put(body);
        return b.array();
    }

    static byte[] encode(Object value) {
        ByteBuffer buf = ByteBuffer.allocate(1024 * 1024);
        ENCODER.setByteBuffer(WritableBuffer.ByteBufferWrapper.wrap(buf));
        ENCODER.writeObject(value);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** The SASL header, an ANONYMOUS sasl-init and the AMQP header. */
    static byte[] anonymousLogin() {
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf("ANONYMOUS"));
        init.setInitialResponse(new Binary(new byte[0]));
        return concat(SASL_HEADER, frame(1, 0, init, null), AMQP_HEADER);
    }

    /** {@link #anonymousLogin()} and an open. */
    static byte[] anonymousOpen() {
        Open open = new Open();
        open.setContainerId("frame-client");
        return concat(anonymousLogin(), frame(0, open));
    }

    static byte[] begin(int channel) {
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(1000));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(1000));
        return frame(channel, begin);
    }

    /** An attach of a link the client sends on ({@code clientSends}) or receives from, to or from {@code address}. */
    static byte[] attach(int channel, int handle, boolean clientSends, String address) {
        Attach attach = new Attach();
        attach.setName("link-" + handle);
        attach.setHandle(UnsignedInteger.valueOf(handle));
        attach.setRole(clientSends ? Role.SENDER : Role.RECEIVER);
        Source source = new Source();
        Target target = new Target();
        if (clientSends) {
            target.setAddress(address);
        } else {
            source.setAddress(address);
        }
        attach.setSource(source);
        attach.setTarget(target);
        if (clientSends) {
            attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
        }
        return frame(channel, attach);
    }

    static byte[] flow(int channel, Integer handle, int credit) {
        Flow flow = new Flow();
        flow.setNextIncomingId(UnsignedInteger.ZERO);
        flow.setIncomingWindow(UnsignedInteger.valueOf(1000));
        flow.setNextOutgoingId(UnsignedInteger.ZERO);
        flow.setOutgoingWindow(UnsignedInteger.valueOf(1000));
        if (handle != null) {
            flow.setHandle(UnsignedInteger.valueOf(handle));
            flow.setDeliveryCount(UnsignedInteger.ZERO);
            flow.setLinkCredit(UnsignedInteger.valueOf(credit));
        }
        return frame(channel, flow);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** What the broker sent: headers and frames, decoded as far as they decode. */
    record Reply(byte[] bytes) {

        /** The decoded frame bodies in order (headers skipped; a frame that does not decode ends the list). */
        List<Object> performatives() {
            List<Object> out = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.remaining() >= 8) {
                if (b.getInt(b.position()) == 0x414D5150) {
                    b.position(b.position() + 8);
                    continue;
                }
                int size = b.getInt(b.position());
                int doff = (b.get(b.position() + 4) & 0xFF) * 4;
                if (size < 8 || size > b.remaining()) {
                    break;
                }
                if (size > doff) {
                    ByteBuffer body = b.duplicate();
                    body.position(b.position() + doff).limit(b.position() + size);
                    DECODER.setByteBuffer(body);
                    out.add(DECODER.readObject());
                }
                b.position(b.position() + size);
            }
            return out;
        }

        /** The error of the broker's close, or null when it sent none. */
        ErrorCondition closeError() {
            for (Object p : performatives()) {
                if (p instanceof Close c) {
                    return c.getError();
                }
            }
            return null;
        }

        boolean contains(String text) {
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
        }
    }
}
