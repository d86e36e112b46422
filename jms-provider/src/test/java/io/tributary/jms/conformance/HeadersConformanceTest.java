package io.tributary.jms.conformance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Header fields and delivery options: Jakarta Messaging 3.1 "Message header fields", "Delivery delay",
 * "Message priority" and "Message expiration".
 */
public abstract class HeadersConformanceTest extends ConformanceBase {

    private Session session;
    private Queue queue;
    private MessageProducer producer;

    @BeforeEach
    void open() throws Exception {
        session = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        queue = queue(session);
        producer = session.createProducer(queue);
    }

    @Test
    void headerFields_sendSetsTheHeadersOnTheMessageAndTheReceiverSeesThem() throws Exception {
        Topic replyTo = topic(session);
        TextMessage m = session.createTextMessage("h");
        m.setJMSCorrelationID("app-correlation");
        m.setJMSType("order");
        m.setJMSReplyTo(replyTo);
        long before = System.currentTimeMillis();
        producer.send(m, DeliveryMode.NON_PERSISTENT, 7, 60_000);
        assertTrue(m.getJMSMessageID().startsWith("ID:"));
        assertEquals(queue, m.getJMSDestination());
        assertTrue(m.getJMSTimestamp() >= before);
        assertEquals(m.getJMSTimestamp() + 60_000, m.getJMSExpiration());
        Message got = session.createConsumer(queue).receive(RECEIVE_TIMEOUT);
        assertEquals(m.getJMSMessageID(), got.getJMSMessageID());
        assertEquals("app-correlation", got.getJMSCorrelationID());
        assertEquals("order", got.getJMSType());
        assertEquals(replyTo, got.getJMSReplyTo());
        assertEquals(queue, got.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, got.getJMSDeliveryMode());
        assertEquals(7, got.getJMSPriority());
        assertEquals(m.getJMSTimestamp(), got.getJMSTimestamp());
        assertEquals(m.getJMSExpiration(), got.getJMSExpiration());
        assertEquals(got.getJMSTimestamp(), got.getJMSDeliveryTime());
        assertFalse(got.getJMSRedelivered());
    }

    @Test
    void headerFields_defaultsArePersistentPriorityFourAndNoExpiration() throws Exception {
        producer.send(session.createMessage());
        Message got = session.createConsumer(queue).receive(RECEIVE_TIMEOUT);
        assertEquals(DeliveryMode.PERSISTENT, got.getJMSDeliveryMode());
        assertEquals(4, got.getJMSPriority());
        assertEquals(0, got.getJMSExpiration());
    }

    @Test
    void jmsCorrelationId_correlationIdAsBytesSurvives() throws Exception {
        Message m = session.createMessage();
        m.setJMSCorrelationIDAsBytes(new byte[] {1, 2, 3});
        producer.send(m);
        Message got = session.createConsumer(queue).receive(RECEIVE_TIMEOUT);
        assertArrayEquals(new byte[] {1, 2, 3}, got.getJMSCorrelationIDAsBytes());
    }

    @Test
    void jmsCorrelationId_aMessageIdCanBeUsedAsTheReplyCorrelationId() throws Exception {
        Message request = session.createMessage();
        producer.send(request);
        Message reply = session.createMessage();
        reply.setJMSCorrelationID(request.getJMSMessageID());
        producer.send(reply);
        MessageConsumer c = session.createConsumer(queue);
        assertNotNull(c.receive(RECEIVE_TIMEOUT));
        assertEquals(request.getJMSMessageID(), c.receive(RECEIVE_TIMEOUT).getJMSCorrelationID());
    }

    @Test
    void disabledMessageIdAndTimestampAreNotSet() throws Exception {
        producer.setDisableMessageID(true);
        producer.setDisableMessageTimestamp(true);
        Message m = session.createMessage();
        producer.send(m);
        Message got = session.createConsumer(queue).receive(RECEIVE_TIMEOUT);
        assertNull(got.getJMSMessageID());
        assertEquals(0, got.getJMSTimestamp());
    }

    @Test
    void messagePriority_higherPriorityMessagesAreDeliveredFirst() throws Exception {
        for (int p = 0; p <= 9; p++) {
            producer.send(session.createTextMessage("p" + p), DeliveryMode.NON_PERSISTENT, p, 0);
        }
        MessageConsumer c = session.createConsumer(queue);
        for (int p = 9; p >= 0; p--) {
            assertEquals(p, c.receive(RECEIVE_TIMEOUT).getJMSPriority());
        }
    }

    @Test
    void messageExpiration_anExpiredMessageIsNotDelivered() throws Exception {
        producer.send(session.createTextMessage("short-lived"), DeliveryMode.NON_PERSISTENT, 4, 50);
        producer.send(session.createTextMessage("lasting"), DeliveryMode.NON_PERSISTENT, 4, 0);
        await().pollDelay(Duration.ofMillis(150)).atMost(Duration.ofSeconds(5)).until(() -> true);
        MessageConsumer c = session.createConsumer(queue);
        assertEquals("lasting", ((TextMessage) c.receive(RECEIVE_TIMEOUT)).getText());
        assertNull(c.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void messageExpiration_aMessageThatExpiresWhileTheConnectionIsStoppedIsNotDelivered() throws Exception {
        Connection stopped = connection();
        Session s = stopped.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer c = s.createConsumer(queue);
        producer.send(session.createTextMessage("short-lived"), DeliveryMode.NON_PERSISTENT, 4, 200);
        producer.send(session.createTextMessage("lasting"), DeliveryMode.NON_PERSISTENT, 4, 0);
        await().pollDelay(Duration.ofMillis(350)).atMost(Duration.ofSeconds(5)).until(() -> true);
        stopped.start();
        assertEquals("lasting", ((TextMessage) c.receive(RECEIVE_TIMEOUT)).getText());
        assertNull(c.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void deliveryDelay_aDelayedMessageIsNotDeliveredBeforeItsDeliveryTime() throws Exception {
        producer.setDeliveryDelay(700);
        assertEquals(700, producer.getDeliveryDelay());
        Message m = session.createTextMessage("later");
        producer.send(m);
        assertEquals(m.getJMSTimestamp() + 700, m.getJMSDeliveryTime());
        MessageConsumer c = session.createConsumer(queue);
        assertNull(c.receive(300), "not before its delivery time");
        Message got = c.receive(RECEIVE_TIMEOUT);
        assertNotNull(got);
        assertTrue(System.currentTimeMillis() >= m.getJMSDeliveryTime());
        assertEquals(m.getJMSDeliveryTime(), got.getJMSDeliveryTime());
    }
}
