package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection-level behaviour: the address model's not-found, client ids, connection limits, heartbeats. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionBehaviourTest {

    @Test
    void answersNotFoundForAnUnknownAddressWhenAutoCreateIsOff() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e.autoCreateQueues(false).autoCreateTopics(false)
                .declare("known", AddressKind.QUEUE, AddressSettings.DEFAULTS), a -> a);
             Connection c = b.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            InvalidDestinationException e = assertThrows(InvalidDestinationException.class,
                    () -> s.createConsumer(s.createQueue("unknown")));
            assertTrue(e.getMessage().contains("unknown"), e.getMessage());
            assertThrows(InvalidDestinationException.class, () -> s.createProducer(s.createQueue("unknown")));
            Queue known = s.createQueue("known");
            s.createProducer(known).send(s.createTextMessage("declared"));
            assertEquals("declared", ((TextMessage) s.createConsumer(known).receive(5000)).getText());
        }
    }

    @Test
    void refusesASecondConnectionWithTheSameClientId() throws Exception {
        try (TestBroker b = TestBroker.start(); Connection first = b.connect("only-one")) {
            assertThrows(InvalidClientIDException.class, () -> b.connect("only-one"));
            first.close();
            b.connect("only-one").close();
        }
    }

    @Test
    void refusesConnectionsBeyondTheLimitWithAClearError() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.maxConnections(2));
             Connection one = b.connect(); Connection two = b.connect()) {
            JMSException e = assertThrows(JMSException.class, b::connect);
            assertTrue(RobustnessTest.chain(e).contains("limits.max-connections"), RobustnessTest.chain(e));
            one.close();
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.connectionCount() < 2);
            b.connect().close();
        }
    }

    @Test
    void tellsClientsWhenTheServerShutsDown() throws Exception {
        try (TestBroker b = TestBroker.start(); Connection c = b.connect()) {
            AtomicReference<JMSException> failure =
                    new AtomicReference<>();
            c.setExceptionListener(failure::set);
            b.server.close();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> failure.get() != null);
            assertTrue(RobustnessTest.chain(failure.get()).contains("shutting down"),
                    RobustnessTest.chain(failure.get()));
        }
    }

    @Test
    void closesTheConsumerWhenItsQueueIsDeleted() throws Exception {
        try (TestBroker b = TestBroker.start(); Connection c = b.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("deleted.q");
            MessageConsumer consumer = s.createConsumer(q);
            b.broker.addresses().delete("deleted.q", true);
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> consumerClosed(consumer));
            s.createProducer(s.createQueue("other.q")).send(s.createTextMessage("the session lives on"));
            assertNotNull(s.createConsumer(s.createQueue("other.q")).receive(5000));
        }
    }

    private static boolean consumerClosed(MessageConsumer consumer) {
        try {
            consumer.receiveNoWait();
            return false;
        } catch (JMSException e) {
            return true;
        }
    }

    @Test
    void closesASocketThatDoesNotOpenInTime() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.openTimeout(Duration.ofMillis(300)));
             Socket silent = new Socket("127.0.0.1", b.server.port())) {
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read(), "the broker closed the silent socket");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.connectionCount() == 0);
            b.connect().close();
        }
    }

    @Test
    void keepsAnIdleConnectionAliveWithHeartbeats() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.idleTimeout(Duration.ofMillis(600)));
             Connection c = new JmsConnectionFactory(b.uri("amqp.idleTimeout=600")).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("idle.q");
            MessageConsumer consumer = s.createConsumer(q);
            long start = System.nanoTime();
            // stay idle for several idle timeouts: each side must have heard the other's heartbeats
            Awaitility.await().pollDelay(2, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS)
                    .until(() -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(2));
            s.createProducer(q).send(s.createTextMessage("still connected"));
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertNotNull(m);
            assertEquals("still connected", m.getText());
        }
    }

    @Test
    void withholdsCreditWhileTheQueueIsOverItsMemoryBudget() throws Exception {
        int count = ReceivingLink.CREDIT_WINDOW + 200;
        try (TestBroker b = TestBroker.start(e -> e.declare("budget.q", AddressKind.QUEUE,
                AddressSettings.DEFAULTS.withMemoryBudget(16 * 1024)), a -> a);
             Connection c = b.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("budget.q");
            AtomicInteger sent = new AtomicInteger();
            Thread sender = new Thread(() -> {
                try {
                    MessageProducer p = s.createProducer(q);
                    p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    for (int i = 0; i < count; i++) {
                        p.send(s.createTextMessage("x".repeat(1024)));
                        sent.incrementAndGet();
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> sent.get() >= ReceivingLink.CREDIT_WINDOW);
            Awaitility.await().pollDelay(500, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                    .until(() -> sent.get() < count);
            assertTrue(sent.get() < count, "the sender is held back while the queue is over budget: " + sent.get());
            Session cs = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = cs.createConsumer(q);
            for (int i = 0; i < count; i++) {
                assertNotNull(consumer.receive(5000), "message " + i);
            }
            sender.join(10_000);
            assertEquals(count, sent.get());
        }
    }

    @Test
    void closesAConnectionThatStaysSilentBeyondTheIdleTimeout() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.idleTimeout(Duration.ofMillis(300)));
             RawAmqpClient silent = new RawAmqpClient(b.server.port())) {
            // this client never sends heartbeats
            silent.await(() -> silent.connection().getRemoteCondition() != null
                    && silent.connection().getRemoteCondition().getCondition() != null, "the broker's close");
            assertEquals(AmqpError.RESOURCE_LIMIT_EXCEEDED,
                    silent.connection().getRemoteCondition().getCondition());
        }
    }

    @Test
    void sendsHeartbeatsToAPeerThatAnnouncedAnIdleTimeout() throws Exception {
        try (TestBroker b = TestBroker.start();
             RawAmqpClient peer = new RawAmqpClient(b.server.port(), 400)) {
            long before = peer.transport().getFramesInput();
            long start = System.nanoTime();
            peer.await(() -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(1200), "a quiet second");
            long heartbeats = peer.transport().getFramesInput() - before;
            assertTrue(heartbeats >= 3, "the broker sent " + heartbeats + " frames in 1.2 s to a 400 ms peer");
        }
    }

    @Test
    void deliversAtMostOnceWhenPresettled() throws Exception {
        try (TestBroker b = TestBroker.start();
             Connection c = new JmsConnectionFactory(b.uri("jms.presettlePolicy.presettleAll=true"))
                     .createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("presettled.q");
            s.createProducer(q).send(s.createTextMessage("once"));
            MessageConsumer consumer = s.createConsumer(q);
            assertEquals("once", ((TextMessage) consumer.receive(5000)).getText());
            s.recover();
            consumer.close();
            Session other = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertEquals(null, other.createConsumer(q).receive(300), "a pre-settled delivery is never redelivered");
        }
    }
}
