package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.message.MessageBuilder;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages that a plain AMQP 1.0 client put into the engine (no JMS annotations) read sensibly through
 * JMS, as the AMQP JMS Mapping describes for messages without x-opt-jms-* annotations.
 */
@Timeout(30)
class VmInteropTest {

    private final String name = "interop-" + System.nanoTime();
    private Connection jms;
    private BrokerConnection amqp;

    @BeforeEach
    void open() throws Exception {
        jms = new TributaryConnectionFactory("vm://" + name).createConnection();
        jms.start();
        Broker broker = VmBrokers.find(name).orElseThrow();
        amqp = broker.connect(new ConnectionInfo("plain-amqp-client", null, "alice"));
    }

    @AfterEach
    void close() throws Exception {
        amqp.close();
        jms.close();
    }

    private void sendPlain(String address, io.tributary.core.message.Message m) throws Exception {
        BrokerSession s = amqp.createSession();
        s.openProducer(address, AddressKind.QUEUE).send(m, null).toCompletableFuture().get();
        s.close();
    }

    @Test
    void aPlainStringValueIsATextMessageFromTheConsumedQueueWithExpirationFromItsTtl() throws Exception {
        Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("plain.text");
        MessageConsumer consumer = s.createConsumer(q);
        long before = System.currentTimeMillis();
        sendPlain("plain.text", MessageBuilder.create().body("hello").ttl(60_000).property("k", 7).build());
        Message m = consumer.receive(5_000);
        assertInstanceOf(TextMessage.class, m);
        assertEquals("hello", ((TextMessage) m).getText());
        assertEquals(q, m.getJMSDestination());
        assertTrue(m.getJMSExpiration() >= before + 60_000, "expiration " + m.getJMSExpiration());
        assertEquals(7, m.getIntProperty("k"));
    }

    @Test
    void aPlainMapValueIsAMapMessage() throws Exception {
        Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("plain.map"));
        org.apache.qpid.proton.message.Message p = org.apache.qpid.proton.message.Message.Factory.create();
        p.setBody(new AmqpValue(Map.of("a", 1, "b", "two")));
        sendPlain("plain.map", io.tributary.core.message.Message.fromProton(p));
        MapMessage m = (MapMessage) consumer.receive(5_000);
        assertEquals(1, m.getInt("a"));
        assertEquals("two", m.getString("b"));
    }

    @Test
    void theAmqpUserIdReadsAsJmsxUserIdAString() throws Exception {
        Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("plain.user"));
        sendPlain("plain.user", MessageBuilder.create().body("from alice").userId("alice").build());
        Message m = consumer.receive(5_000);
        assertEquals("alice", m.getStringProperty("JMSXUserID"));
        assertEquals("alice", m.getObjectProperty("JMSXUserID"));
        assertTrue(Collections.list(m.getPropertyNames()).contains("JMSXUserID"));
    }
}
