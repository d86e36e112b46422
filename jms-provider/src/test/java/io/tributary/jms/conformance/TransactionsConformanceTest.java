package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

/** Transacted sessions: Jakarta Messaging 3.1 "Transactions". */
public abstract class TransactionsConformanceTest extends ConformanceBase {

    @Test
    void transactions_sentMessagesAreInvisibleUntilCommit() throws Exception {
        Connection c = startedConnection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(tx);
        MessageConsumer consumer = plain.createConsumer(q);
        tx.createProducer(q).send(tx.createTextMessage("t"));
        assertNull(consumer.receive(NO_MESSAGE_TIMEOUT));
        tx.commit();
        assertEquals("t", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void transactions_rolledBackSendsAreDropped() throws Exception {
        Connection c = startedConnection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = queue(tx);
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("dropped"));
        tx.rollback();
        p.send(tx.createTextMessage("kept"));
        tx.commit();
        MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertEquals("kept", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        assertNull(consumer.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void transactions_rollbackRedeliversConsumedMessagesWithTheDeliveryCountIncremented() throws Exception {
        Connection c = startedConnection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = queue(tx);
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("a"));
        p.send(tx.createTextMessage("b"));
        tx.commit();
        MessageConsumer consumer = tx.createConsumer(q);
        assertEquals("a", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        assertEquals("b", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        tx.rollback();
        Message a = consumer.receive(RECEIVE_TIMEOUT);
        assertEquals("a", ((TextMessage) a).getText());
        assertTrue(a.getJMSRedelivered());
        assertEquals(2, a.getIntProperty("JMSXDeliveryCount"));
        assertEquals("b", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        tx.commit();
        tx.close();
        assertNull(c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void transactions_closingATransactedSessionRollsBack() throws Exception {
        Connection c = startedConnection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = queue(tx);
        tx.createProducer(q).send(tx.createTextMessage("a"));
        tx.commit();
        assertNotNull(tx.createConsumer(q).receive(RECEIVE_TIMEOUT));
        tx.close();
        Message again = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).receive(RECEIVE_TIMEOUT);
        assertNotNull(again);
        assertTrue(again.getJMSRedelivered());
    }

    @Test
    void transactions_aMessageReceivedBeforeItsConsumerClosedIsStillPartOfTheTransaction() throws Exception {
        Connection c = startedConnection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = queue(tx);
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("a"));
        p.send(tx.createTextMessage("b"));
        tx.commit();
        MessageConsumer first = tx.createConsumer(q);
        assertEquals("a", ((TextMessage) first.receive(RECEIVE_TIMEOUT)).getText());
        first.close();
        tx.rollback();
        MessageConsumer second = tx.createConsumer(q);
        Message again = second.receive(RECEIVE_TIMEOUT);
        assertEquals("a", ((TextMessage) again).getText());
        assertTrue(again.getJMSRedelivered());
        second.close();
        tx.commit();
        MessageConsumer plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertEquals("b", ((TextMessage) plain.receive(RECEIVE_TIMEOUT)).getText());
        assertNull(plain.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void commitAndRollbackOnANonTransactedSessionThrowIllegalStateException() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateException.class, s::commit);
        assertThrows(IllegalStateException.class, s::rollback);
    }

    @Test
    void commitOnAClosedSessionThrowsIllegalStateException() throws Exception {
        Session s = connection().createSession(true, Session.SESSION_TRANSACTED);
        s.close();
        assertThrows(IllegalStateException.class, s::commit);
    }

    @Test
    void sendAndReceiveInOneTransactionCommitTogether() throws Exception {
        Connection c = startedConnection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue in = queue(tx);
        Queue out = queue(tx);
        tx.createProducer(in).send(tx.createTextMessage("request"));
        tx.commit();
        Message request = tx.createConsumer(in).receive(RECEIVE_TIMEOUT);
        assertNotNull(request);
        tx.createProducer(out).send(tx.createTextMessage("reply"));
        tx.commit();
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertNull(plain.createConsumer(in).receive(NO_MESSAGE_TIMEOUT));
        assertEquals("reply", ((TextMessage) plain.createConsumer(out).receive(RECEIVE_TIMEOUT)).getText());
    }
}
