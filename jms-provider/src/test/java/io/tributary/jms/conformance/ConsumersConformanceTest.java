package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Consumers and synchronous receive: Jakarta Messaging 3.1 "Synchronous delivery" (receive), "Pausing delivery of
 * incoming messages" (start/stop) and QueueBrowser.
 */
public abstract class ConsumersConformanceTest extends ConformanceBase {

    @Test
    void receiveReturnsMessagesOfAQueueInSendOrder() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 20; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        for (int i = 0; i < 20; i++) {
            TextMessage m = (TextMessage) consumer.receive(RECEIVE_TIMEOUT);
            assertNotNull(m, "message " + i);
            assertEquals("m" + i, m.getText());
        }
        assertNull(consumer.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void messagesSentBeforeTheConsumerExistsAreReceived() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        s.createProducer(q).send(s.createTextMessage("early"));
        TextMessage m = (TextMessage) s.createConsumer(q).receive(RECEIVE_TIMEOUT);
        assertEquals("early", m.getText());
    }

    @Test
    void receiveNoWaitReturnsAnAvailableMessageAndNullWhenNone() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageConsumer consumer = s.createConsumer(q);
        assertNull(consumer.receiveNoWait());
        s.createProducer(q).send(s.createTextMessage("now"));
        // "immediately available" is the provider's notion (a remote client may need a moment): poll for it
        var got = new AtomicReference<Message>();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> got.updateAndGet(m -> m != null ? m : receiveNoWait(consumer)) != null);
        assertEquals("now", ((TextMessage) got.get()).getText());
    }

    private static Message receiveNoWait(MessageConsumer consumer) {
        try {
            return consumer.receiveNoWait();
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void receiveTimesOutWithNullWhenTheQueueIsEmpty() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        long start = System.nanoTime();
        assertNull(s.createConsumer(queue(s)).receive(300));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 250);
    }

    @Test
    void pausingDelivery_aStoppedConnectionDeliversNothingUntilStarted() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageConsumer consumer = s.createConsumer(q);
        s.createProducer(q).send(s.createTextMessage("held"));
        assertNull(consumer.receive(NO_MESSAGE_TIMEOUT), "not started yet");
        c.start();
        assertNotNull(consumer.receive(RECEIVE_TIMEOUT));
        c.stop();
        s.createProducer(q).send(s.createTextMessage("held again"));
        assertNull(consumer.receiveNoWait(), "stopped");
        c.start();
        assertNotNull(consumer.receive(RECEIVE_TIMEOUT));
    }

    /** Overridden (disabled) where the client keeps prefetched messages of a stopped connection. */
    @Test
    protected void pausingDelivery_aConsumerOfANeverStartedConnectionTakesNoMessagesFromRunningConsumers()
            throws Exception {
        Connection stopped = connection();
        Session idle = stopped.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(idle);
        idle.createConsumer(q);
        Session running = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = running.createProducer(q);
        for (int i = 0; i < 10; i++) {
            p.send(running.createTextMessage("m" + i));
        }
        MessageConsumer consumer = running.createConsumer(q);
        for (int i = 0; i < 10; i++) {
            assertEquals("m" + i, ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        }
    }

    /** Overridden (disabled) where the client keeps prefetched messages of a stopped connection. */
    @Test
    protected void pausingDelivery_stopGivesBackWhatAConsumerBufferedWithoutCountingADelivery() throws Exception {
        Connection first = startedConnection();
        Session s = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 5; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer greedy = s.createConsumer(q);
        assertEquals("m0", ((TextMessage) greedy.receive(RECEIVE_TIMEOUT)).getText());
        first.stop();
        MessageConsumer other = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        for (int i = 1; i < 5; i++) {
            Message m = other.receive(RECEIVE_TIMEOUT);
            assertEquals("m" + i, ((TextMessage) m).getText(), "what the stopped consumer buffered, in order");
            assertFalse(m.getJMSRedelivered(), "giving back a buffered message is not a delivery attempt");
        }
        first.start();
        p.send(s.createTextMessage("after start"));
        assertEquals("after start", ((TextMessage) greedy.receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void pausingDelivery_aReceiveWaitingOnAStoppedConnectionGetsAMessageOnceItStarts() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageConsumer consumer = s.createConsumer(q);
        s.createProducer(q).send(s.createTextMessage("waited for"));
        CompletableFuture<Message> received = CompletableFuture.supplyAsync(() -> {
            try {
                return consumer.receive(RECEIVE_TIMEOUT);
            } catch (JMSException e) {
                throw new CompletionException(e);
            }
        });
        assertThrows(TimeoutException.class,
                () -> received.get(NO_MESSAGE_TIMEOUT, TimeUnit.MILLISECONDS), "the receive waits while stopped");
        c.start();
        assertEquals("waited for", ((TextMessage) received.get(RECEIVE_TIMEOUT, TimeUnit.MILLISECONDS)).getText());
    }

    @Test
    void aBlockedReceiveReturnsNullWhenTheConsumerIsClosed() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(queue(s));
        var receiver = new AtomicReference<Thread>();
        CompletableFuture<Message> received = CompletableFuture.supplyAsync(() -> {
            receiver.set(Thread.currentThread());
            try {
                return consumer.receive();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> receiver.get() != null
                && (receiver.get().getState() == Thread.State.TIMED_WAITING
                        || receiver.get().getState() == Thread.State.WAITING));
        consumer.close();
        assertNull(received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aClosedConsumerThrowsIllegalStateException() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(queue(s));
        consumer.close();
        consumer.close();
        assertThrows(IllegalStateException.class, consumer::receive);
        assertThrows(IllegalStateException.class, consumer::getMessageSelector);
    }

    @Test
    void aNullDestinationThrowsInvalidDestinationException() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(InvalidDestinationException.class, () -> s.createConsumer(null));
    }

    @Test
    void competingConsumersOnAQueueEachGetDistinctMessages() throws Exception {
        Connection c = startedConnection();
        Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s1);
        MessageConsumer a = s1.createConsumer(q);
        MessageConsumer b = s2.createConsumer(q);
        MessageProducer p = s1.createProducer(q);
        for (int i = 0; i < 10; i++) {
            p.send(s1.createTextMessage("m" + i));
        }
        List<String> got = new ArrayList<>();
        for (MessageConsumer consumer : List.of(a, b)) {
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(500)) {
                got.add(((TextMessage) m).getText());
            }
        }
        Collections.sort(got);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("m" + i);
        }
        Collections.sort(expected);
        assertEquals(expected, got);
    }

    @Test
    void everyTopicSubscriberReceivesEveryMessage() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = s.createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("fan-out"));
        assertEquals("fan-out", ((TextMessage) a.receive(RECEIVE_TIMEOUT)).getText());
        assertEquals("fan-out", ((TextMessage) b.receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void aTopicSubscriberDoesNotSeeMessagesSentBeforeItExisted() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        s.createProducer(t).send(s.createTextMessage("before"));
        MessageConsumer late = s.createConsumer(t);
        assertNull(late.receive(NO_MESSAGE_TIMEOUT));
    }

    @Test
    void aQueueBrowserSeesMessagesWithoutConsumingThem() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 3; i++) {
            p.send(s.createTextMessage("b" + i));
        }
        QueueBrowser browser = s.createBrowser(q);
        List<String> seen = new ArrayList<>();
        for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
            seen.add(((TextMessage) e.nextElement()).getText());
        }
        assertEquals(List.of("b0", "b1", "b2"), seen);
        browser.close();
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 3; i++) {
            assertEquals("b" + i, ((TextMessage) consumer.receive(RECEIVE_TIMEOUT)).getText());
        }
    }

    @Test
    void receiveIsNotAllowedWhenAMessageListenerIsSet() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(queue(s));
        consumer.setMessageListener(m -> { });
        assertThrows(JMSException.class, () -> consumer.receive(10));
    }
}
