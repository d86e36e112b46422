package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/** Temporary destinations: Jakarta Messaging 3.1 "Creating temporary destinations" (TemporaryQueue, TemporaryTopic). */
public abstract class TemporaryDestinationsConformanceTest extends ConformanceBase {

    @Test
    void aTemporaryQueueCarriesRepliesToTheRequester() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replies = s.createTemporaryQueue();
        MessageConsumer consumer = s.createConsumer(replies);
        Message request = s.createMessage();
        request.setJMSReplyTo(replies);
        Session other = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(request.getJMSReplyTo()).send(other.createTextMessage("reply"));
        assertEquals("reply", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void aTemporaryTopicDeliversToItsSubscribers() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic t = s.createTemporaryTopic();
        MessageConsumer consumer = s.createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("x"));
        assertEquals("x", ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        consumer.close();
        t.delete();
    }

    @Test
    void onlyTheCreatingConnectionMayConsumeFromATemporaryQueue() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue q = s.createTemporaryQueue();
        Session other = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(JMSException.class, () -> other.createConsumer(q));
    }

    @Test
    protected void deleteFailsWhileAConsumerIsOpenAndSucceedsAfter() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue q = s.createTemporaryQueue();
        MessageConsumer consumer = s.createConsumer(q);
        assertThrows(JMSException.class, q::delete);
        consumer.close();
        q.delete();
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(q));
    }
}
