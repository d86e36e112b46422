package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Point-to-point messaging through the AMQP endpoint with the Qpid JMS client, in every acknowledgement mode. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueMessagingTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void sendsAndReceivesInAutoAcknowledgeMode() throws Exception {
        roundTrip("q.auto", Session.AUTO_ACKNOWLEDGE);
    }

    @Test
    void sendsAndReceivesInClientAcknowledgeMode() throws Exception {
        roundTrip("q.client", Session.CLIENT_ACKNOWLEDGE);
    }

    @Test
    void sendsAndReceivesInDupsOkMode() throws Exception {
        roundTrip("q.dupsok", Session.DUPS_OK_ACKNOWLEDGE);
    }

    @Test
    void sendsAndReceivesInATransactedSession() throws Exception {
        roundTrip("q.transacted", Session.SESSION_TRANSACTED);
    }

    private void roundTrip(String name, int mode) throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(mode == Session.SESSION_TRANSACTED, mode);
            Queue q = s.createQueue(name);
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 20; i++) {
                TextMessage m = s.createTextMessage("hello " + i);
                m.setIntProperty("n", i);
                p.send(m);
            }
            if (mode == Session.SESSION_TRANSACTED) {
                s.commit();
            }
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < 20; i++) {
                TextMessage m = (TextMessage) consumer.receive(5000);
                assertNotNull(m, "message " + i);
                assertEquals("hello " + i, m.getText());
                assertEquals(i, m.getIntProperty("n"));
                assertEquals(q, m.getJMSDestination());
                if (mode == Session.CLIENT_ACKNOWLEDGE) {
                    m.acknowledge();
                }
            }
            if (mode == Session.SESSION_TRANSACTED) {
                s.commit();
            }
            consumer.close();
        }
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertNull(s.createConsumer(s.createQueue(name)).receive(300), "everything was acknowledged");
        }
    }

    @Test
    void keepsMessageTypesAndHeadersAcrossTheBroker() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.types");
            Queue replyTo = s.createQueue("q.types.reply");
            MessageProducer p = s.createProducer(q);
            MapMessage map = s.createMapMessage();
            map.setString("k", "v");
            map.setJMSCorrelationID("corr-1");
            map.setJMSReplyTo(replyTo);
            map.setJMSType("order");
            p.send(map);
            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBytes(new byte[] {1, 2, 3});
            p.send(bytes);
            MessageConsumer consumer = s.createConsumer(q);
            MapMessage gotMap = (MapMessage) consumer.receive(5000);
            assertEquals("v", gotMap.getString("k"));
            assertEquals("corr-1", gotMap.getJMSCorrelationID());
            assertEquals(replyTo, gotMap.getJMSReplyTo());
            assertEquals("order", gotMap.getJMSType());
            assertFalse(gotMap.getJMSRedelivered());
            assertEquals(1, gotMap.getIntProperty("JMSXDeliveryCount"));
            BytesMessage gotBytes = (BytesMessage) consumer.receive(5000);
            byte[] body = new byte[3];
            assertEquals(3, gotBytes.readBytes(body));
            assertArrayEquals(new byte[] {1, 2, 3}, body);
        }
    }

    @Test
    void competingConsumersShareTheQueue() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.competing");
            List<Integer> got = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 2; i++) {
                Session cs = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                cs.createConsumer(q).setMessageListener(m -> got.add(intProperty(m)));
            }
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 100; i++) {
                Message m = s.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> got.size() == 100);
            assertEquals(100, got.stream().distinct().count(), "each message delivered once");
        }
    }

    @Test
    void browsesWithoutConsuming() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.browse");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 3; i++) {
                p.send(s.createTextMessage("b" + i));
            }
            QueueBrowser browser = s.createBrowser(q);
            int seen = Collections.list(browser.getEnumeration()).size();
            browser.close();
            assertEquals(3, seen);
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < 3; i++) {
                assertEquals("b" + i, ((TextMessage) consumer.receive(5000)).getText());
            }
        }
    }

    @Test
    void receivesWithPrefetchZeroThroughDrain() throws Exception {
        try (Connection c = new JmsConnectionFactory(
                broker.uri("jms.prefetchPolicy.all=0")).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.pull");
            MessageConsumer consumer = s.createConsumer(q);
            assertNull(consumer.receive(200), "an empty queue drains to nothing");
            s.createProducer(q).send(s.createTextMessage("pulled"));
            assertEquals("pulled", ((TextMessage) consumer.receive(5000)).getText());
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void deliversHigherPriorityFirst() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.priority");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("low"), DeliveryMode.PERSISTENT, 1, 0);
            p.send(s.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
            p.send(s.createTextMessage("normal"), DeliveryMode.PERSISTENT, 4, 0);
            MessageConsumer consumer = s.createConsumer(q);
            assertEquals("high", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("normal", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("low", ((TextMessage) consumer.receive(5000)).getText());
        }
    }

    @Test
    void dropsExpiredMessages() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.expiry");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("short-lived"), DeliveryMode.NON_PERSISTENT, 4, 50);
            p.send(s.createTextMessage("lasting"));
            long sent = System.currentTimeMillis();
            Awaitility.await().atMost(5, TimeUnit.SECONDS)
                    .until(() -> System.currentTimeMillis() - sent > 200);
            MessageConsumer consumer = s.createConsumer(q);
            assertEquals("lasting", ((TextMessage) consumer.receive(5000)).getText());
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void holdsAScheduledMessageUntilItsDeliveryDelay() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.scheduled");
            MessageProducer p = s.createProducer(q);
            p.setDeliveryDelay(700);
            long sent = System.currentTimeMillis();
            p.send(s.createTextMessage("later"));
            MessageConsumer consumer = s.createConsumer(q);
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertNotNull(m);
            assertEquals("later", m.getText());
            assertTrue(System.currentTimeMillis() - sent >= 600, "not delivered before its delay");
        }
    }

    @Test
    void carriesATenMebibyteMessage() throws Exception {
        byte[] payload = new byte[10 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.large");
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(payload);
            s.createProducer(q).send(m);
            BytesMessage got = (BytesMessage) s.createConsumer(q).receive(20_000);
            assertNotNull(got);
            byte[] body = new byte[(int) got.getBodyLength()];
            got.readBytes(body);
            assertArrayEquals(payload, body);
        }
    }

    @Test
    void keepsEveryBodyIntactWhetherItCameInOneFrameOrMany() throws Exception {
        // sizes on both sides of the frame size, sent back to back: no body may share bytes with another
        int[] sizes = {1, 700, 64 * 1024, 3, 300 * 1024, 1024, 2 * 1024 * 1024 + 17, 0, 5000};
        Random random = new Random(11);
        List<byte[]> sent = new ArrayList<>();
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("q.frames");
            MessageProducer producer = s.createProducer(q);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int round = 0; round < 3; round++) {
                for (int size : sizes) {
                    byte[] payload = new byte[size];
                    random.nextBytes(payload);
                    BytesMessage m = s.createBytesMessage();
                    m.writeBytes(payload);
                    producer.send(m);
                    sent.add(payload);
                }
            }
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < sent.size(); i++) {
                BytesMessage got = (BytesMessage) consumer.receive(20_000);
                assertNotNull(got, "message " + i);
                byte[] body = new byte[(int) got.getBodyLength()];
                got.readBytes(body);
                assertArrayEquals(sent.get(i), body, "message " + i + " of " + sent.get(i).length + " bytes");
            }
        }
    }

    private static int intProperty(Message m) {
        try {
            return m.getIntProperty("n");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
