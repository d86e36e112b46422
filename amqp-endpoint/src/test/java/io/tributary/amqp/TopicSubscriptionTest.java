package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topics with every kind of subscription, named the way Qpid JMS names them on AMQP links. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicSubscriptionTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void fansOutToEveryNonDurableSubscriber() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.fanout");
            MessageConsumer a = s.createConsumer(t);
            MessageConsumer b = s.createConsumer(t);
            s.createProducer(t).send(s.createTextMessage("to all"));
            assertEquals("to all", ((TextMessage) a.receive(5000)).getText());
            assertEquals("to all", ((TextMessage) b.receive(5000)).getText());
            assertNull(a.receive(200), "each subscriber got it once");
        }
    }

    @Test
    void keepsMessagesForADurableSubscriberWhileItIsAway() throws Exception {
        try (Connection c = broker.connect("durable-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.durable");
            s.createDurableSubscriber(t, "sub1").close();
            s.createProducer(t).send(s.createTextMessage("while away"));
        }
        try (Connection c = broker.connect("durable-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.durable");
            MessageConsumer sub = s.createDurableSubscriber(t, "sub1");
            TextMessage m = (TextMessage) sub.receive(5000);
            assertNotNull(m, "the durable subscription kept the message");
            assertEquals("while away", m.getText());
            sub.close();
            s.unsubscribe("sub1");
            s.createProducer(t).send(s.createTextMessage("after unsubscribe"));
            MessageConsumer again = s.createDurableSubscriber(t, "sub1");
            assertNull(again.receive(300), "a new subscription starts empty");
            again.close();
            s.unsubscribe("sub1");
        }
    }

    @Test
    void refusesToUnsubscribeWhatDoesNotExist() throws Exception {
        try (Connection c = broker.connect("unsub-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("never-made"));
        }
    }

    @Test
    void splitsASharedSubscriptionBetweenItsConsumers() throws Exception {
        try (Connection c1 = broker.connect(); Connection c2 = broker.connect()) {
            Session s1 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s1.createTopic("t.shared");
            MessageConsumer a = s1.createSharedConsumer(t, "workers");
            MessageConsumer b = s2.createSharedConsumer(t, "workers");
            MessageProducer p = s1.createProducer(t);
            for (int i = 0; i < 10; i++) {
                p.send(s1.createTextMessage("w" + i));
            }
            Set<String> got = new HashSet<>();
            drainInto(a, got);
            drainInto(b, got);
            assertEquals(10, got.size(), "every message went to exactly one member: " + got);
        }
    }

    @Test
    void keepsASharedDurableSubscriptionAcrossConnections() throws Exception {
        try (Connection c = broker.connect("shared-durable-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.shared-durable");
            s.createSharedDurableConsumer(t, "archive").close();
            s.createProducer(t).send(s.createTextMessage("archived"));
        }
        try (Connection c = broker.connect("shared-durable-client")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.shared-durable");
            MessageConsumer sub = s.createSharedDurableConsumer(t, "archive");
            assertEquals("archived", ((TextMessage) sub.receive(5000)).getText());
            sub.close();
            s.unsubscribe("archive");
        }
    }

    @Test
    void supportsGlobalSharedDurableSubscriptionsWithoutAClientId() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.global");
            s.createSharedDurableConsumer(t, "global-sub").close();
            s.createProducer(t).send(s.createTextMessage("global"));
        }
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.global");
            MessageConsumer sub = s.createSharedDurableConsumer(t, "global-sub");
            assertEquals("global", ((TextMessage) sub.receive(5000)).getText());
            sub.close();
            s.unsubscribe("global-sub");
        }
    }

    @Test
    void acknowledgesAGlobalSharedSubscriptionInATransaction() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            Topic t = s.createTopic("t.global-tx");
            MessageConsumer sub = s.createSharedDurableConsumer(t, "global-tx");
            s.createProducer(t).send(s.createTextMessage("once"));
            s.commit();
            assertEquals("once", ((TextMessage) sub.receive(5000)).getText());
            s.commit();
            sub.close();
        }
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createSharedDurableConsumer(s.createTopic("t.global-tx"), "global-tx");
            assertNull(sub.receive(300), "the committed receive removed the message");
            sub.close();
            s.unsubscribe("global-tx");
        }
    }

    @Test
    void noLocalSkipsTheConnectionsOwnMessages() throws Exception {
        try (Connection mine = broker.connect(); Connection other = broker.connect()) {
            Session s = mine.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("t.nolocal");
            MessageConsumer consumer = s.createConsumer(t, null, true);
            s.createProducer(t).send(s.createTextMessage("mine"));
            Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            os.createProducer(t).send(os.createTextMessage("theirs"));
            assertEquals("theirs", ((TextMessage) consumer.receive(5000)).getText());
            assertNull(consumer.receive(200));
        }
    }

    private static void drainInto(MessageConsumer consumer, Set<String> got) throws JMSException {
        TextMessage m;
        while ((m = (TextMessage) consumer.receive(500)) != null) {
            got.add(m.getText());
        }
    }
}
