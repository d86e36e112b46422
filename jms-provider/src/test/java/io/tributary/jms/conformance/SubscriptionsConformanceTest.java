package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

/**
 * Topic subscriptions: Jakarta Messaging 3.1 "Subscriptions" (unshared durable, shared non-durable, shared durable).
 */
public abstract class SubscriptionsConformanceTest extends ConformanceBase {

    private Connection withClientId() throws JMSException {
        Connection c = connection();
        c.setClientID(unique("client"));
        c.start();
        return c;
    }

    @Test
    void unsharedDurableSubscriptions_aNullTopicIsReportedBeforeAMissingClientId() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> s.createDurableSubscriber(null, unique("sub")));
        assertThrows(InvalidDestinationException.class,
                () -> s.createDurableSubscriber(null, unique("sub"), "a = 1", false));
        assertThrows(InvalidDestinationException.class, () -> s.createDurableConsumer(null, unique("sub")));
        assertThrows(InvalidDestinationException.class, () -> s.createSharedDurableConsumer(null, unique("sub")));
        JMSContext ctx = context();
        assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createDurableConsumer(null, unique("s")));
        assertThrows(InvalidDestinationRuntimeException.class,
                () -> ctx.createSharedDurableConsumer(null, unique("s")));
    }

    /** Overridden (disabled) where the client checks the client id first on its own. */
    @Test
    protected void unsharedDurableSubscriptions_aBadSelectorIsReportedBeforeAMissingClientId() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        assertThrows(InvalidSelectorException.class,
                () -> s.createDurableSubscriber(t, unique("sub"), "a = = 1", false));
        assertThrows(InvalidSelectorException.class,
                () -> s.createDurableConsumer(t, unique("sub"), "TRUE = 0", true));
        assertThrows(InvalidSelectorException.class,
                () -> s.createSharedDurableConsumer(t, unique("sub"), "a = = 1"));
        assertThrows(IllegalStateException.class, () -> s.createDurableSubscriber(t, unique("sub"), "a = 1", false),
                "with a good topic and selector, the missing client id is what is wrong");
        JMSContext ctx = context();
        assertThrows(InvalidSelectorRuntimeException.class,
                () -> ctx.createDurableConsumer(t, unique("s"), "a = = 1", false));
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.createDurableConsumer(t, unique("s")));
    }

    @Test
    void unsharedDurableSubscriptions_aDurableSubscriptionKeepsMessagesWhileItsConsumerIsClosed() throws Exception {
        Connection c = withClientId();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        String name = unique("sub");
        s.createDurableSubscriber(t, name).close();
        s.createProducer(t).send(s.createTextMessage("kept"));
        MessageConsumer again = s.createDurableConsumer(t, name);
        assertEquals("kept", ((TextMessage) again.receive(RECEIVE_TIMEOUT)).getText());
        again.close();
        s.unsubscribe(name);
        s.createProducer(t).send(s.createTextMessage("after unsubscribe"));
        MessageConsumer fresh = s.createDurableConsumer(t, name);
        assertNull(fresh.receive(NO_MESSAGE_TIMEOUT));
        fresh.close();
        s.unsubscribe(name);
    }

    @Test
    void unsharedDurableSubscriptions_reopeningWithAnotherSelectorReplacesTheSubscription() throws Exception {
        Session s = withClientId().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        String name = unique("sub");
        s.createDurableConsumer(t, name).close();
        s.createProducer(t).send(s.createTextMessage("for the old subscription"));
        MessageConsumer replaced = s.createDurableConsumer(t, name, "colour = 'red'", false);
        assertNull(replaced.receive(NO_MESSAGE_TIMEOUT), "a changed selector starts a new, empty subscription");
        Message red = s.createTextMessage("red");
        red.setStringProperty("colour", "red");
        s.createProducer(t).send(red);
        assertEquals("red", ((TextMessage) replaced.receive(RECEIVE_TIMEOUT)).getText());
        replaced.close();
        s.unsubscribe(name);
    }

    @Test
    void unsharedDurableSubscriptions_unsubscribeWithAnActiveConsumerFails() throws Exception {
        Session s = withClientId().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        String name = unique("sub");
        MessageConsumer consumer = s.createDurableConsumer(t, name);
        assertThrows(JMSException.class, () -> s.unsubscribe(name));
        consumer.close();
        s.unsubscribe(name);
    }

    @Test
    void unsubscribeOfAnUnknownNameThrowsInvalidDestinationException() throws Exception {
        Session s = withClientId().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> s.unsubscribe(unique("none")));
    }

    @Test
    void unsharedDurableSubscriptions_anUnsharedDurableSubscriptionNeedsAClientId() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateException.class, () -> s.createDurableConsumer(topic(s), unique("sub")));
    }

    @Test
    void sharedNonDurableSubscriptions_sharedConsumersSplitTheMessagesOfOneSubscription() throws Exception {
        Connection c = startedConnection();
        Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s1);
        String name = unique("shared");
        MessageConsumer a = s1.createSharedConsumer(t, name);
        MessageConsumer b = s2.createSharedConsumer(t, name);
        MessageConsumer other = s1.createConsumer(t);
        MessageProducer p = s1.createProducer(t);
        for (int i = 0; i < 10; i++) {
            p.send(s1.createTextMessage("m" + i));
        }
        int shared = 0;
        for (MessageConsumer consumer : new MessageConsumer[] {a, b}) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(500)) {
                shared++;
            }
        }
        assertEquals(10, shared, "each message once across the shared consumers");
        for (int i = 0; i < 10; i++) {
            assertNotNull(other.receive(RECEIVE_TIMEOUT), "an unrelated subscriber gets every message");
        }
    }

    @Test
    void sharedDurableSubscriptions_aSharedDurableSubscriptionOutlivesItsConsumers() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        String name = unique("shared-durable");
        s.createSharedDurableConsumer(t, name).close();
        s.createProducer(t).send(s.createTextMessage("kept"));
        Session s2 = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer again = s2.createSharedDurableConsumer(t, name);
        assertEquals("kept", ((TextMessage) again.receive(RECEIVE_TIMEOUT)).getText());
        again.close();
        s2.unsubscribe(name);
    }

    @Test
    void sharedDurableSubscriptions_anActiveSubscriptionCannotBeJoinedWithAnotherSelector() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        String name = unique("shared-durable");
        MessageConsumer active = s.createSharedDurableConsumer(t, name);
        assertThrows(JMSException.class, () -> s.createSharedDurableConsumer(t, name, "colour = 'red'"));
        active.close();
        s.unsubscribe(name);
    }

    @Test
    void clientIdentifier_aSecondConnectionWithTheSameClientIdIsRejected() throws Exception {
        String id = unique("client");
        connection().setClientID(id);
        Connection second = connection();
        assertThrows(InvalidClientIDException.class, () -> second.setClientID(id));
    }
}
