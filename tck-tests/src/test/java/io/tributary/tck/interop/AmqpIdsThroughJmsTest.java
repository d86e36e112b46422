package io.tributary.tck.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.amqp.RawAmqpClient;
import io.tributary.core.Broker;
import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.vm.VmBrokers;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bare AMQP 1.0 client sends messages whose message-id and correlation-id are each kind of AMQP id; JMS reads
 * them as the AMQP JMS Mapping spells them, the same through Qpid JMS against the AMQP endpoint, through the
 * in-process {@code vm://} provider, and in selectors on JMSMessageID and JMSCorrelationID (evaluated by the
 * broker). A reply whose JMSCorrelationID is the request's JMSMessageID carries the request's AMQP id back, of its
 * own type. One broker: the {@code vm://} broker, with an AMQP endpoint started on it.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmqpIdsThroughJmsTest {

    private static final UUID A_UUID = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    private final String name = "ids-" + System.nanoTime();
    private Connection vm;
    private Connection qpid;
    private AmqpServer server;

    @BeforeAll
    void start() throws Exception {
        vm = new TributaryConnectionFactory("vm://" + name).createConnection();
        vm.start();
        Broker broker = VmBrokers.find(name).orElseThrow();
        server = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        qpid = new TributaryConnectionFactory("amqp://127.0.0.1:" + server.port()).createConnection();
        qpid.start();
    }

    @AfterAll
    void stop() throws Exception {
        qpid.close();
        server.close();
        vm.close();
    }

    /** AMQP id sent; JMSMessageID and JMSCorrelationID expected for it, as Qpid JMS and the mapping spell them. */
    static Stream<Arguments> ids() {
        return Stream.of(
                Arguments.of("ulong", UnsignedLong.valueOf(42), "ID:AMQP_ULONG:42", "ID:AMQP_ULONG:42"),
                Arguments.of("uuid", A_UUID, "ID:AMQP_UUID:" + A_UUID, "ID:AMQP_UUID:" + A_UUID),
                Arguments.of("binary", new Binary(new byte[] {1, (byte) 0xAB, 0}), "ID:AMQP_BINARY:01AB00",
                        "ID:AMQP_BINARY:01AB00"),
                Arguments.of("string-with-id", "ID:order-7", "ID:order-7", "ID:order-7"),
                Arguments.of("string-without-id", "order-7", "ID:AMQP_NO_PREFIX:order-7", "order-7"),
                Arguments.of("string-like-an-encoded-id", "ID:AMQP_ULONG:7", "ID:AMQP_STRING:ID:AMQP_ULONG:7",
                        "ID:AMQP_STRING:ID:AMQP_ULONG:7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void everyJmsReadingOfAnAmqpIdAgrees(String kind, Object amqpId, String messageId, String correlationId)
            throws Exception {
        String queue = "ids." + kind;
        try (RawAmqpClient client = new RawAmqpClient(server.port())) {
            sendWithIds(client, queue, amqpId);
        }
        String both = "JMSMessageID = '" + messageId + "' AND JMSCorrelationID = '" + correlationId + "'";
        for (Connection c : List.of(qpid, vm)) {
            String through = c == qpid ? "Qpid JMS over AMQP" : "vm://";
            Message m = browseOne(c, queue, null);
            assertEquals(messageId, m.getJMSMessageID(), "JMSMessageID through " + through);
            assertEquals(correlationId, m.getJMSCorrelationID(), "JMSCorrelationID through " + through);
            assertNotNull(browseOne(c, queue, both), "selector " + both + " through " + through);
            assertEquals(List.of(), browse(c, queue, "JMSCorrelationID = '" + amqpId + "-not'"),
                    "a selector on another id matches nothing through " + through);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void aReplyCorrelatedByJmsMessageIdCarriesTheRequestsAmqpId(String kind, Object amqpId, String messageId,
            String correlationId) throws Exception {
        String queue = "ids.request." + kind;
        String replies = "ids.reply." + kind;
        try (RawAmqpClient client = new RawAmqpClient(server.port())) {
            sendWithIds(client, queue, amqpId);
            for (Connection c : List.of(qpid, vm)) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Message request = browseOne(c, queue, null);
                Message reply = s.createTextMessage("reply");
                reply.setJMSCorrelationID(request.getJMSMessageID());
                try (MessageProducer p = s.createProducer(s.createQueue(replies))) {
                    p.send(reply);
                }
                s.close();
            }
            Receiver r = client.receiver(source(replies), 2);
            for (String through : List.of("Qpid JMS over AMQP", "vm://")) {
                Delivery d = client.receive(r, 10_000);
                assertNotNull(d, "the reply sent through " + through);
                assertEquals(amqpId, RawAmqpClient.decode(r, d).getCorrelationId(),
                        "correlation-id of the reply sent through " + through);
                d.settle();
            }
        }
    }

    private static void sendWithIds(RawAmqpClient client, String queue, Object amqpId) throws Exception {
        Sender sender = client.sender(queue);
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        m.setMessageId(amqpId);
        m.setCorrelationId(amqpId);
        m.setBody(new AmqpValue("request"));
        Delivery d = client.send(sender, RawAmqpClient.encode(m), null);
        assertEquals("Accepted{}", String.valueOf(d.getRemoteState()), "the broker's outcome for the send");
        d.settle();
        sender.close();
    }

    private static Source source(String address) {
        Source s = new Source();
        s.setAddress(address);
        return s;
    }

    private static Message browseOne(Connection c, String queue, String selector) throws JMSException {
        List<Message> found = browse(c, queue, selector);
        assertFalse(found.isEmpty(), "nothing on " + queue + (selector == null ? "" : " matching " + selector));
        assertEquals(1, found.size(), "messages on " + queue);
        return found.get(0);
    }

    private static List<Message> browse(Connection c, String queue, String selector) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        try {
            Queue q = s.createQueue(queue);
            QueueBrowser b = selector == null ? s.createBrowser(q) : s.createBrowser(q, selector);
            List<Message> found = new ArrayList<>();
            for (Object m : Collections.list(b.getEnumeration())) {
                found.add((Message) m);
            }
            return found;
        } finally {
            s.close();
        }
    }
}
