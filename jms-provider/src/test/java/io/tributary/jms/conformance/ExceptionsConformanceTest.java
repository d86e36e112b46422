package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The exceptions the specification requires, at the moment it requires them (Jakarta Messaging 3.1, "Exceptions" and
 * the API javadoc).
 */
public abstract class ExceptionsConformanceTest extends ConformanceBase {

    @Test
    protected void aDestinationThatIsNeitherQueueNorTopicIsAnInvalidDestination() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Destination odd = new Destination() { };
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(odd));
        assertThrows(InvalidDestinationException.class, () -> s.createProducer(odd));
        assertThrows(InvalidDestinationException.class, () -> s.createProducer(null).send(odd, s.createMessage()));
    }

    @Test
    void aForeignQueueIsAcceptedByName() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        String name = unique("foreign");
        Queue foreign = () -> name;
        s.createProducer(foreign).send(s.createTextMessage("by name"));
        TextMessage m = (TextMessage) s.createConsumer(s.createQueue(name)).receive(RECEIVE_TIMEOUT);
        Assertions.assertEquals("by name", m.getText());
    }

    @Test
    void receivedBodiesAndPropertiesAreNotWriteable() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        TextMessage sent = s.createTextMessage("x");
        sent.setIntProperty("n", 1);
        p.send(sent);
        Message got = s.createConsumer(q).receive(RECEIVE_TIMEOUT);
        assertThrows(MessageNotWriteableException.class, () -> ((TextMessage) got).setText("y"));
        assertThrows(MessageNotWriteableException.class, () -> got.setIntProperty("n", 2));
    }

    @Test
    void aClientAcknowledgedMessageCanBeAcknowledgedAfterItsConsumerClosed() throws Exception {
        var c = startedConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue(s);
        s.createProducer(q).send(s.createTextMessage("x"));
        var consumer = s.createConsumer(q);
        Message m = consumer.receive(RECEIVE_TIMEOUT);
        consumer.close();
        m.acknowledge();
        s.close();
        Assertions.assertNull(c.createSession(false, Session.AUTO_ACKNOWLEDGE)
                .createConsumer(q).receive(NO_MESSAGE_TIMEOUT), "the acknowledgement consumed it");
    }

    @Test
    void aClosedClientAcknowledgeConsumerStopsTakingMessagesWhileItsAcknowledgementIsPending() throws Exception {
        var c = startedConnection();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 5; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        var first = s.createConsumer(q);
        Message m0 = first.receive(RECEIVE_TIMEOUT);
        first.close();
        var other = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        for (int i = 1; i < 5; i++) {
            Assertions.assertNotNull(other.receive(RECEIVE_TIMEOUT),
                    "m" + i + " is not held back");
        }
        m0.acknowledge();
        Assertions.assertNull(other.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void anInvalidSessionModeForAContextIsAJmsRuntimeException() {
        assertThrows(JMSRuntimeException.class, () -> context(77));
        JMSContext ctx = context();
        assertThrows(JMSRuntimeException.class, () -> ctx.createContext(77));
    }
}
