package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions and acknowledgement modes: Jakarta Messaging 3.1 "Message acknowledgment" and Session.recover. */
public abstract class AcknowledgeConformanceTest extends ConformanceBase {

    private void send(Session s, Queue q, String... texts) throws Exception {
        MessageProducer p = s.createProducer(q);
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
        p.close();
    }

    @Test
    void messageAcknowledgment_autoAcknowledgedMessagesAreNotRedeliveredToTheNextSession() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        send(s, q, "a");
        assertNotNull(s.createConsumer(q).receive(RECEIVE_TIMEOUT));
        s.close();
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertNull(s2.createConsumer(q).receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void messageAcknowledgment_dupsOkLosesNothingAndAfterACleanCloseRedeliversNothing() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        assertEquals(Session.DUPS_OK_ACKNOWLEDGE, s.getAcknowledgeMode());
        Queue q = queue(s);
        String[] texts = new String[30];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "m" + i;
        }
        send(s, q, texts);
        MessageConsumer consumer = s.createConsumer(q);
        for (String text : texts) {
            assertEquals(text, ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        }
        s.close();
        assertNull(c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).receive(NO_MESSAGE_TIMEOUT),
                "closing the session sent the acknowledgements it had put off");
    }

    @Test
    void messageAcknowledgment_dupsOkListenerMessagesAreAcknowledgedWhenTheConsumerCloses() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        Queue q = queue(s);
        send(s, q, "a", "b", "c", "d", "e");
        CountDownLatch all = new CountDownLatch(5);
        MessageConsumer consumer = s.createConsumer(q);
        consumer.setMessageListener(m -> all.countDown());
        assertTrue(all.await(RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS));
        consumer.close();
        assertNull(c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void messageAcknowledgment_clientAcknowledgeAcknowledgesEveryConsumedMessageOfTheSession() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue(s);
        send(s, q, "a", "b", "c");
        MessageConsumer consumer = s.createConsumer(q);
        Message a = consumer.receive(RECEIVE_TIMEOUT);
        assertNotNull(consumer.receive(RECEIVE_TIMEOUT));
        a.acknowledge();
        s.close();
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage left = (TextMessage) s2.createConsumer(q).receive(RECEIVE_TIMEOUT);
        assertEquals("c", left.getText(), "a and b were both acknowledged by a.acknowledge()");
    }

    @Test
    void messageAcknowledgment_unacknowledgedClientMessagesAreRedeliveredAfterTheSessionCloses() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue(s);
        send(s, q, "a");
        assertNotNull(s.createConsumer(q).receive(RECEIVE_TIMEOUT));
        s.close();
        Session s2 = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Message again = s2.createConsumer(q).receive(RECEIVE_TIMEOUT);
        assertEquals("a", ((TextMessage) again).getText());
        again.acknowledge();
    }

    @Test
    void recover_recoverRedeliversUnacknowledgedMessagesInOrderMarkedRedelivered() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue(s);
        send(s, q, "a", "b", "c");
        MessageConsumer consumer = s.createConsumer(q);
        Message a = consumer.receive(RECEIVE_TIMEOUT);
        assertFalse(a.getJMSRedelivered());
        assertEquals(1, a.getIntProperty("JMSXDeliveryCount"));
        assertNotNull(consumer.receive(RECEIVE_TIMEOUT));
        s.recover();
        Message again = consumer.receive(RECEIVE_TIMEOUT);
        assertEquals("a", ((TextMessage) again).getText());
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals("b", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        assertEquals("c", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void recoverOnATransactedSessionThrowsIllegalStateException() throws Exception {
        Session s = connection().createSession(true, Session.SESSION_TRANSACTED);
        assertThrows(IllegalStateException.class, s::recover);
    }

    @Test
    void acknowledgeAfterTheSessionClosedThrowsIllegalStateException() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue(s);
        send(s, q, "a");
        Message m = s.createConsumer(q).receive(RECEIVE_TIMEOUT);
        s.close();
        assertThrows(IllegalStateException.class, m::acknowledge);
    }

    @Test
    void sessionModesAreReported() throws Exception {
        Connection c = connection();
        assertEquals(Session.SESSION_TRANSACTED, c.createSession(true, Session.AUTO_ACKNOWLEDGE).getAcknowledgeMode());
        assertTrue(c.createSession(Session.SESSION_TRANSACTED).getTransacted());
        assertEquals(Session.AUTO_ACKNOWLEDGE, c.createSession().getAcknowledgeMode());
        assertEquals(Session.CLIENT_ACKNOWLEDGE, c.createSession(Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode());
    }

    @Test
    void aClosedSessionThrowsIllegalStateExceptionAndClosesTwiceQuietly() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, s::createTextMessage);
        assertThrows(IllegalStateException.class, () -> s.createQueue("x"));
        assertThrows(IllegalStateException.class, s::getTransacted);
    }

    @Test
    void closingASessionClosesItsConsumersAndProducers() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageConsumer consumer = s.createConsumer(q);
        MessageProducer producer = s.createProducer(q);
        s.close();
        assertThrows(IllegalStateException.class, consumer::receiveNoWait);
        assertThrows(IllegalStateException.class, () -> producer.send(null));
    }
}
