package io.tributary.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A small blocking AMQP 1.0 client on the Proton-J engine and a plain socket, for protocol cases a JMS client
 * cannot produce: several transactions on one session, chosen outcomes, raw payloads, source filters, ids of
 * every AMQP type. Public for tck-tests, which gets it through this module's test-jar.
 *
 * <p>Not thread-safe; one test thread drives it.
 */
public final class RawAmqpClient implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private final AtomicLong tags = new AtomicLong();
    private final Session session;

    public RawAmqpClient(int port) throws IOException {
        this(port, 0);
    }

    /** A client announcing {@code idleTimeoutMillis} (it never sends heartbeats itself). */
    RawAmqpClient(int port, int idleTimeoutMillis) throws IOException {
        this(port, idleTimeoutMillis, null, null);
    }

    /** A client logged in as {@code user} with SASL PLAIN. */
    static RawAmqpClient login(int port, String user, String password) throws IOException {
        return new RawAmqpClient(port, 0, user, password);
    }

    private RawAmqpClient(int port, int idleTimeoutMillis, String user, String password) throws IOException {
        transport.setIdleTimeout(idleTimeoutMillis);
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        Sasl sasl = transport.sasl();
        sasl.client();
        if (user == null) {
            sasl.setMechanisms("ANONYMOUS");
        } else {
            sasl.plain(user, password);
        }
        connection.collect(collector);
        connection.setContainer("raw-client");
        transport.bind(connection);
        connection.open();
        session = connection.session();
        session.open();
        await(() -> session.getRemoteState() == EndpointState.ACTIVE, "session open");
    }

    Connection connection() {
        return connection;
    }

    Transport transport() {
        return transport;
    }

    /** Drives I/O until {@code condition} holds; fails after a timeout naming what was awaited. */
    void await(BooleanSupplier condition, String what) throws IOException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pump();
        }
    }

    private void pump() throws IOException {
        while (collector.peek() != null) {
            collector.pop();
        }
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            byte[] bytes = new byte[pending];
            head.get(bytes);
            transport.pop(pending);
            out.write(bytes);
        }
        out.flush();
        byte[] buf = new byte[64 * 1024];
        try {
            int n = in.read(buf);
            if (n < 0) {
                transport.close_tail();
                return;
            }
            int offset = 0;
            while (offset < n) {
                ByteBuffer tail = transport.tail();
                int chunk = Math.min(tail.remaining(), n - offset);
                tail.put(buf, offset, chunk);
                transport.process();
                offset += chunk;
            }
        } catch (SocketTimeoutException e) {
            // nothing arrived this round
        }
    }

    public Sender sender(String address) throws IOException {
        Sender s = session.sender("sender-" + tags.incrementAndGet());
        Target t = new Target();
        t.setAddress(address);
        s.setTarget(t);
        s.setSource(new Source());
        s.open();
        await(() -> s.getRemoteState() != EndpointState.UNINITIALIZED, "sender attach");
        return s;
    }

    public Receiver receiver(Source source, int credit) throws IOException {
        Receiver r = session.receiver("receiver-" + tags.incrementAndGet());
        r.setSource(source);
        r.setTarget(new Target());
        r.open();
        await(() -> r.getRemoteState() != EndpointState.UNINITIALIZED, "receiver attach");
        r.flow(credit);
        return r;
    }

    /** Sends {@code payload} (already encoded) with {@code state}; answers the delivery once the peer settles it. */
    public Delivery send(Sender sender, byte[] payload, DeliveryState state) throws IOException {
        await(() -> sender.getCredit() > 0, "credit on " + sender.getName());
        Delivery d = sender.delivery(Long.toString(tags.incrementAndGet()).getBytes());
        if (state != null) {
            d.disposition(state);
        }
        sender.send(payload, 0, payload.length);
        sender.advance();
        await(() -> d.remotelySettled() || d.getRemoteState() != null, "disposition of a transfer");
        return d;
    }

    public static byte[] encode(Message message) {
        byte[] buf = new byte[64 * 1024];
        int n = message.encode(buf, 0, buf.length);
        return Arrays.copyOf(buf, n);
    }

    /** Receives the next complete message on {@code receiver}; null when none comes before the wait ends. */
    public Delivery receive(Receiver receiver, long waitMillis) throws IOException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            Delivery d = receiver.current();
            if (d != null && d.isReadable() && !d.isPartial()) {
                return d;
            }
            pump();
        }
        return null;
    }

    public static Message decode(Receiver receiver, Delivery d) {
        byte[] bytes = new byte[d.available()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message m = Message.Factory.create();
        m.decode(bytes, 0, bytes.length);
        return m;
    }

    /** Opens a coordinator link. */
    Sender coordinator() throws IOException {
        Sender c = session.sender("coordinator-" + tags.incrementAndGet());
        Source source = new Source();
        source.setOutcomes(Accepted.DESCRIPTOR_SYMBOL, Symbol.valueOf("amqp:rejected:list"));
        c.setSource(source);
        c.setTarget(new Coordinator());
        c.open();
        await(() -> c.getRemoteState() == EndpointState.ACTIVE, "coordinator attach");
        return c;
    }

    Binary declare(Sender coordinator) throws IOException {
        Message m = Message.Factory.create();
        m.setBody(new AmqpValue(new Declare()));
        Delivery d = send(coordinator, encode(m), null);
        if (!(d.getRemoteState() instanceof Declared declared)) {
            throw new AssertionError("declare answered " + d.getRemoteState());
        }
        d.settle();
        return declared.getTxnId();
    }

    DeliveryState discharge(Sender coordinator, Binary txnId, boolean fail) throws IOException {
        Discharge discharge = new Discharge();
        discharge.setTxnId(txnId);
        discharge.setFail(fail);
        Message m = Message.Factory.create();
        m.setBody(new AmqpValue(discharge));
        Delivery d = send(coordinator, encode(m), null);
        d.settle();
        return d.getRemoteState();
    }

    /** Settles {@code d} with {@code state} and lets the disposition go out. */
    void settle(Delivery d, DeliveryState state) throws IOException {
        d.disposition(state);
        d.settle();
        pump();
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
            pump();
        } finally {
            socket.close();
        }
    }
}
