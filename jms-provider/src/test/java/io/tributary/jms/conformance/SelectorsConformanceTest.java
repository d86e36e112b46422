package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

/** Message selectors and noLocal: Jakarta Messaging 3.1 "Message selection" and noLocal. */
public abstract class SelectorsConformanceTest extends ConformanceBase {

    @Test
    void messageSelection_aConsumerReceivesOnlyMatchingMessages() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 6; i++) {
            Message m = s.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            m.setStringProperty("colour", i % 2 == 0 ? "red" : "blue");
            p.send(m);
        }
        MessageConsumer red = s.createConsumer(q, "colour = 'red' AND n > 0");
        assertEquals("colour = 'red' AND n > 0", red.getMessageSelector());
        assertEquals("m2", ((TextMessage) red.receive(RECEIVE_TIMEOUT)).getText());
        assertEquals("m4", ((TextMessage) red.receive(RECEIVE_TIMEOUT)).getText());
        assertNull(red.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void messageSelector_headerFieldsCanBeSelected() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        Message typed = s.createTextMessage("typed");
        typed.setJMSType("car");
        p.send(s.createTextMessage("plain"));
        p.send(typed, DeliveryMode.NON_PERSISTENT, 8, 0);
        MessageConsumer c = s.createConsumer(q, "JMSType = 'car' AND JMSPriority > 5");
        assertEquals("typed", ((TextMessage) c.receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void messageSelection_aBadSelectorThrowsInvalidSelectorException() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidSelectorException.class, () -> s.createConsumer(queue(s), "colour = = 'red'"));
        assertThrows(InvalidSelectorException.class, () -> s.createBrowser(queue(s), "AND OR"));
    }

    @Test
    void messageSelector_comparingABooleanLiteralWithANumberIsAnInvalidSelector() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        for (String bad : new String[] {"TRUE = 0", "FALSE = 0", "FALSE <> 1"}) {
            assertThrows(InvalidSelectorException.class, () -> s.createConsumer(q, bad), bad);
        }
        Topic t = topic(s);
        assertThrows(InvalidSelectorException.class, () -> s.createSharedConsumer(t, unique("sub"), "TRUE = 0"));
    }

    /** Overridden (disabled) where the client decides what is an invalid selector on its own. */
    @Test
    protected void messageSelector_everyComparisonOrArithmeticOfUnlikeLiteralTypesIsAnInvalidSelector()
            throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        for (String bad : new String[] {"'a' = 1", "0 <> TRUE", "TRUE <> 'x'", "(n > 1) = 5", "'a' + 1 = 2",
                "TRUE BETWEEN 1 AND 2", "n BETWEEN 'a' AND 'b'", "FALSE LIKE 'f%'"}) {
            assertThrows(InvalidSelectorException.class, () -> s.createConsumer(q, bad), bad);
        }
    }

    @Test
    void messageSelector_anIdentifierMayHoldAnyTypeSoComparingItWithAnUnlikeLiteralIsFalse() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        Message m = s.createTextMessage("flagged");
        m.setBooleanProperty("flag", true);
        s.createProducer(q).send(m);
        assertNull(s.createConsumer(q, "flag = 1").receive(NO_MESSAGE_TIMEOUT));
        assertEquals("flagged", ((TextMessage) s.createConsumer(q, "flag = TRUE").receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void noLocalSubscribersDoNotReceiveTheirOwnConnectionsMessages() throws Exception {
        Connection mine = startedConnection();
        Session s = mine.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        MessageConsumer noLocal = s.createConsumer(t, null, true);
        s.createProducer(t).send(s.createTextMessage("own"));
        Session other = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(t).send(other.createTextMessage("foreign"));
        assertEquals("foreign", ((TextMessage) noLocal.receive(RECEIVE_TIMEOUT)).getText());
        assertNull(noLocal.receive(NO_MESSAGE_TIMEOUT));
    }
}
