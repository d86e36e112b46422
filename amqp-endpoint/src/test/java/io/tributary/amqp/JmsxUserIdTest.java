package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JMSXUserID (the AMQP user-id): a client logged in as bob cannot send as alice, an anonymous client cannot send as
 * anyone (raw AMQP: Qpid JMS never sends a user-id but the connection's own), and an address with populate-user-id
 * stamps the authenticated user.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JmsxUserIdTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(
            e -> e.declare("audited", AddressKind.QUEUE, AddressSettings.DEFAULTS.withPopulateUserId(true)),
            a -> a.user("bob", "bob-secret").user("alice", "alice-secret"));

    private static Connection login(String user) throws JMSException {
        Connection c = broker.factory().createConnection(user, user + "-secret");
        c.start();
        return c;
    }


    private static byte[] claiming(String userId) {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        m.setBody(new AmqpValue("claiming " + userId));
        m.setUserId(userId.getBytes(StandardCharsets.UTF_8));
        return RawAmqpClient.encode(m);
    }

    @Test
    void refusesAMessageWhoseUserIdIsNotTheAuthenticatedUserAndNamesBoth() throws Exception {
        try (RawAmqpClient bob = RawAmqpClient.login(broker.server().port(), "bob", "bob-secret")) {
            Sender sender = bob.sender("userid.plain");
            Rejected rejected = assertInstanceOf(Rejected.class, bob.send(sender, claiming("alice"), null)
                    .getRemoteState());
            assertEquals(AmqpError.UNAUTHORIZED_ACCESS, rejected.getError().getCondition());
            String description = rejected.getError().getDescription();
            assertTrue(description.contains("'alice'") && description.contains("'bob'"), description);
            assertInstanceOf(Accepted.class, bob.send(sender, claiming("bob"), null).getRemoteState(),
                    "the link carries on and the honest message is taken");
        }
        try (Connection c = login("alice")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("userid.plain"));
            Message got = consumer.receive(5000);
            assertNotNull(got);
            assertEquals("bob", got.getStringProperty("JMSXUserID"));
            assertNull(consumer.receive(200), "the forged message was never queued");
        }
    }

    @Test
    void refusesAnyUserIdFromAnAnonymousClient() throws Exception {
        try (RawAmqpClient anonymous = new RawAmqpClient(broker.server().port())) {
            Sender sender = anonymous.sender("userid.anonymous");
            Rejected rejected = assertInstanceOf(Rejected.class, anonymous.send(sender, claiming("alice"), null)
                    .getRemoteState());
            assertEquals(AmqpError.UNAUTHORIZED_ACCESS, rejected.getError().getCondition());
            assertTrue(rejected.getError().getDescription().contains("anonymous"),
                    rejected.getError().getDescription());
        }
    }

    @Test
    void qpidJmsPopulatingJmsxUserIdSendsAsTheLoggedInUser() throws Exception {
        JmsConnectionFactory populating = new JmsConnectionFactory(broker.uri("jms.populateJMSXUserID=true"));
        try (Connection bob = populating.createConnection("bob", "bob-secret")) {
            bob.start();
            assertEquals("bob", userIdOfARoundTrip(bob, "userid.populated"));
        }
    }

    @Test
    void anAddressWithPopulateUserIdStampsTheAuthenticatedUser() throws Exception {
        try (Connection alice = login("alice")) {
            assertEquals("alice", userIdOfARoundTrip(alice, "audited"));
        }
    }

    /** Sends a message without a JMSXUserID of its own to {@code queue}; answers the JMSXUserID it arrives with. */
    private static String userIdOfARoundTrip(Connection c, String queue) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(queue);
        s.createProducer(q).send(s.createTextMessage("who am I"));
        Message got = s.createConsumer(q).receive(5000);
        assertNotNull(got);
        return got.getStringProperty("JMSXUserID");
    }
}
