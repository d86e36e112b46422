package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Temporary queues and topics (AMQP dynamic nodes), request/reply, and selectors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestReplyTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void answersARequestOnATemporaryReplyQueue() throws Exception {
        try (Connection server = broker.connect(); Connection client = broker.connect()) {
            Session ss = server.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue requests = ss.createQueue("rr.requests");
            MessageProducer replier = ss.createProducer(null);
            ss.createConsumer(requests).setMessageListener(m -> reply(ss, replier, m));

            Session cs = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyTo = cs.createTemporaryQueue();
            MessageConsumer replies = cs.createConsumer(replyTo);
            TextMessage request = cs.createTextMessage("ping");
            request.setJMSReplyTo(replyTo);
            request.setJMSCorrelationID("req-1");
            cs.createProducer(requests).send(request);

            TextMessage reply = (TextMessage) replies.receive(5000);
            assertNotNull(reply);
            assertEquals("pong to ping", reply.getText());
            assertEquals("req-1", reply.getJMSCorrelationID());
            replies.close();
            replyTo.delete();
        }
    }

    private static void reply(Session s, MessageProducer replier, Message request) {
        try {
            TextMessage reply = s.createTextMessage("pong to " + ((TextMessage) request).getText());
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            replier.send(request.getJMSReplyTo(), reply);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publishesOnATemporaryTopic() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic t = s.createTemporaryTopic();
            MessageConsumer a = s.createConsumer(t);
            MessageConsumer b = s.createConsumer(t);
            s.createProducer(t).send(s.createTextMessage("temp news"));
            assertEquals("temp news", ((TextMessage) a.receive(5000)).getText());
            assertEquals("temp news", ((TextMessage) b.receive(5000)).getText());
        }
    }

    @Test
    void refusesToDeleteATemporaryQueueThatHasConsumersAndStaysDeletedAfter() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue q = s.createTemporaryQueue();
            MessageConsumer consumer = s.createConsumer(q);
            assertThrows(JMSException.class, q::delete);
            consumer.close();
            q.delete();
            assertThrows(InvalidDestinationException.class, () -> s.createConsumer(q),
                    "a deleted temporary queue is not brought back by attaching to it");
        }
    }

    @Test
    void deliversOnlyWhatTheSelectorMatches() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("rr.selector");
            MessageProducer p = s.createProducer(q);
            for (String colour : new String[] {"red", "blue", "red", "green"}) {
                TextMessage m = s.createTextMessage(colour);
                m.setStringProperty("colour", colour);
                p.send(m);
            }
            MessageConsumer reds = s.createConsumer(q, "colour = 'red'");
            assertEquals("red", ((TextMessage) reds.receive(5000)).getText());
            assertEquals("red", ((TextMessage) reds.receive(5000)).getText());
            assertNull(reds.receive(200));
            reds.close();
            MessageConsumer rest = s.createConsumer(q);
            assertEquals("blue", ((TextMessage) rest.receive(5000)).getText());
            assertEquals("green", ((TextMessage) rest.receive(5000)).getText());
        }
    }
}
