package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hostile input, limits and many connections: one connection's trouble never hurts the others. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RobustnessTest {

    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(e -> e,
            a -> a.maxSessions(4).maxLinks(4).maxMessageSize(64 * 1024));

    @Test
    void closesAConnectionThatSendsGarbageAfterTheHeaderAndServesTheNextOne() throws Exception {
        try (Connection healthy = broker.connect()) {
            Session s = healthy.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("robust.garbage");
            for (byte[] hostile : hostileInputs()) {
                String reply = sendRaw(hostile);
                assertTrue(reply.startsWith("AMQP"), "the broker answers with a protocol header: " + reply);
                if (hostile[4] == 0) {
                    assertTrue(reply.contains("amqp:connection:framing-error") || reply.contains("amqp:decode-error"),
                            "the close carries framing-error or decode-error: " + reply);
                }
            }
            s.createProducer(q).send(s.createTextMessage("still here"));
            assertEquals("still here", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
        }
        try (Connection fresh = broker.connect()) {
            Session s = fresh.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("robust.garbage.after");
            s.createProducer(q).send(s.createTextMessage("new connection"));
            assertEquals("new connection", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
        }
    }

    private static List<byte[]> hostileInputs() {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(concat(AMQP_HEADER, "this is not an AMQP frame at all, just text".getBytes(StandardCharsets.UTF_8)));
        // a frame claiming 2 GiB
        inputs.add(concat(AMQP_HEADER, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2, 0, 0, 0}));
        // a well-sized frame whose body is not a performative (descriptor 0x00 0x53 0x99 is unknown)
        inputs.add(concat(AMQP_HEADER, new byte[] {0, 0, 0, 12, 2, 0, 0, 0, 0x00, 0x53, (byte) 0x99, 0x45}));
        // a SASL header followed by garbage
        inputs.add(concat(SASL_HEADER, new byte[] {0, 0, 0, 16, 2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
        // a bad protocol header
        inputs.add("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return inputs;
    }

    /** Writes {@code bytes} on a raw socket and reads what comes back until the broker closes it. */
    private static String sendRaw(byte[] bytes) throws Exception {
        try (FrameClient client = new FrameClient(broker.server().port())) {
            return new String(client.send(bytes).readUntilClosed().bytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void servesTwoHundredConnectionsAtOnce() throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            JmsConnectionFactory f = broker.factory();
            for (int i = 0; i < 200; i++) {
                Connection c = f.createConnection();
                c.start();
                connections.add(c);
            }
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> broker.server().connectionCount() >= 200);
            Session s0 = connections.get(0).createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s1 = connections.get(199).createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s0.createQueue("robust.many");
            s0.createProducer(q).send(s0.createTextMessage("across"));
            assertEquals("across", ((TextMessage) s1.createConsumer(q).receive(5000)).getText());
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    @Test
    void refusesSessionsBeyondTheLimitWithAClearError() throws Exception {
        try (Connection c = broker.connect()) {
            // Qpid JMS holds one session of its own per connection
            for (int i = 0; i < 3; i++) {
                c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            }
            // AMQP cannot refuse a begin: the broker answers it and ends the session at once with the error
            JMSException e = assertThrows(JMSException.class, () -> {
                Session extra = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Awaitility.await().atMost(5, TimeUnit.SECONDS).pollDelay(10, TimeUnit.MILLISECONDS)
                        .until(() -> failsToCreateAProducer(extra));
                extra.createProducer(extra.createQueue("robust.sessions"));
            });
            assertTrue(chain(e).contains("limits.max-sessions"), chain(e));
        }
    }

    /** The messages of an exception and its causes. */
    static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" / ");
        }
        return sb.toString();
    }

    private static boolean failsToCreateAProducer(Session s) {
        try {
            s.createProducer(s.createQueue("robust.sessions")).close();
            return false;
        } catch (JMSException e) {
            return true;
        }
    }

    @Test
    void refusesLinksBeyondTheLimitWithAClearError() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("robust.links");
            for (int i = 0; i < 4; i++) {
                s.createConsumer(q);
            }
            JMSException e = assertThrows(JMSException.class, () -> s.createConsumer(q));
            assertTrue(e.getMessage().contains("limits.max-links"), e.getMessage());
        }
    }

    @Test
    void rejectsAMessageOverTheSizeLimitAndKeepsTheLink() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("robust.size");
            MessageProducer p = s.createProducer(q);
            BytesMessage big = s.createBytesMessage();
            big.writeBytes(new byte[100 * 1024]);
            JMSException e = assertThrows(JMSException.class, () -> p.send(big));
            assertTrue(e.getMessage().contains("limits.max-message-size"), e.getMessage());
            p.send(s.createTextMessage("small"));
            TextMessage got = (TextMessage) s.createConsumer(q).receive(5000);
            assertNotNull(got);
            assertEquals("small", got.getText());
        }
    }
}
