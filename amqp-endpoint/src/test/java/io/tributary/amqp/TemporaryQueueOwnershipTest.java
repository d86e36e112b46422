package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A temporary queue or topic belongs to the connection that made it: its name cannot be guessed, and another
 * connection that learns it may send to it but never consume from it (as JMS requires of TemporaryQueue).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TemporaryQueueOwnershipTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void aReplyToATemporaryQueueReachesOnlyItsOwnerThoughAnotherConnectionKnowsTheName() throws Exception {
        try (Connection victim = broker.connect(); Connection attacker = broker.connect();
             Connection responder = broker.connect()) {
            Session vs = victim.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyTo = vs.createTemporaryQueue();
            MessageConsumer replies = vs.createConsumer(replyTo);

            // the attacker names the queue as a plain queue: Qpid JMS would refuse the TemporaryQueue object itself
            Session as = attacker.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                    () -> as.createConsumer(as.createQueue(replyTo.getQueueName())));
            assertTrue(refused.getMessage().contains(replyTo.getQueueName())
                    && refused.getMessage().contains("only the connection that created"), refused.getMessage());

            Session rs = responder.createSession(false, Session.AUTO_ACKNOWLEDGE);
            rs.createProducer(rs.createQueue(replyTo.getQueueName())).send(rs.createTextMessage("reply"));
            TextMessage reply = (TextMessage) replies.receive(5000);
            assertNotNull(reply, "any connection may send to a temporary queue");
            assertEquals("reply", reply.getText());
        }
    }

    @Test
    void anotherConnectionCannotSubscribeToATemporaryTopic() throws Exception {
        try (Connection owner = broker.connect(); Connection other = broker.connect()) {
            Session s = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic topic = s.createTemporaryTopic();
            Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> os.createConsumer(os.createTopic(topic.getTopicName())));
        }
    }

    @Test
    void temporaryQueueNamesCannotBePredictedFromOneAnother() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String first = s.createTemporaryQueue().getQueueName();
            String second = s.createTemporaryQueue().getQueueName();
            assertTrue(first.matches("tmp-queue-.+-\\p{XDigit}{32}"), first);
            assertTrue(second.matches("tmp-queue-.+-\\p{XDigit}{32}"), second);
            assertNotEquals(first.substring(first.length() - 32), second.substring(second.length() - 32));
        }
    }
}
