package io.tributary.jms.conformance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous delivery: Jakarta Messaging 3.1 "Asynchronous delivery" (MessageListener) and the close/stop rules of
 * Connection, Session and MessageConsumer.
 */
public abstract class ListenersConformanceTest extends ConformanceBase {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void asynchronousDelivery_aListenerReceivesEveryMessageInOrderOnOneThread() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        List<String> got = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        s.createConsumer(q).setMessageListener(m -> {
            try {
                got.add(((TextMessage) m).getText());
                threads.add(Thread.currentThread());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(q);
        for (int i = 0; i < 50; i++) {
            p.send(ps.createTextMessage("m" + i));
        }
        await().atMost(WAIT).until(() -> got.size() == 50);
        for (int i = 0; i < 50; i++) {
            assertEquals("m" + i, got.get(i));
        }
        assertTrue(threads.stream().allMatch(t -> t == threads.get(0)), "one session delivers serially");
        assertTrue(threads.get(0) != Thread.currentThread());
    }

    @Test
    void pausingDelivery_noListenerDeliveryWhileTheConnectionIsStopped() throws Exception {
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        AtomicInteger count = new AtomicInteger();
        s.createConsumer(q).setMessageListener(m -> count.incrementAndGet());
        s.createProducer(q).send(s.createMessage());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> count.get() == 0);
        c.start();
        await().atMost(WAIT).until(() -> count.get() == 1);
    }

    @Test
    protected void section8_7_aListenerThatThrowsInAutoModeGetsTheMessageAgainMarkedRedelivered() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        List<Boolean> redelivered = new CopyOnWriteArrayList<>();
        s.createConsumer(q).setMessageListener(m -> {
            try {
                redelivered.add(m.getJMSRedelivered());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            if (redelivered.size() == 1) {
                throw new RuntimeException("first attempt fails on purpose");
            }
        });
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(q).send(s.createMessage());
        await().atMost(WAIT).until(() -> redelivered.size() == 2);
        assertEquals(List.of(false, true), redelivered);
    }

    @Test
    void consumerCloseFromItsOwnListenerIsAllowed() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageConsumer consumer = s.createConsumer(q);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        consumer.setMessageListener(m -> {
            try {
                consumer.close();
                outcome.complete("closed");
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(q).send(s.createMessage());
        assertEquals("closed", outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void connectionCloseAndStopFromAListenerThrowIllegalStateException() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        CompletableFuture<Object> onClose = new CompletableFuture<>();
        CompletableFuture<Object> onStop = new CompletableFuture<>();
        CompletableFuture<Object> onSessionClose = new CompletableFuture<>();
        s.createConsumer(q).setMessageListener(m -> {
            onClose.complete(attempt(c::close));
            onStop.complete(attempt(c::stop));
            onSessionClose.complete(attempt(s::close));
        });
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(q).send(s.createMessage());
        assertInstanceOf(IllegalStateException.class, onClose.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, onStop.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, onSessionClose.get(10, TimeUnit.SECONDS));
    }

    @Test
    void closeWaitsForARunningListenerToReturn() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageConsumer consumer = s.createConsumer(q);
        assertWaitsForARunningListener(c, q, consumer, consumer::close);
    }

    @Test
    void pausingDelivery_stopWaitsForARunningListenerToReturn() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        assertWaitsForARunningListener(c, q, s.createConsumer(q), c::stop);
    }

    /** Gives {@code consumer} a listener that blocks, then checks that {@code action} waits until it returns. */
    private void assertWaitsForARunningListener(Connection c, Queue q, MessageConsumer consumer, JmsAction action)
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        consumer.setMessageListener(m -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        });
        Session other = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(q).send(other.createMessage());
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<Object> acting = CompletableFuture.supplyAsync(() -> attempt(action));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !acting.isDone());
        release.countDown();
        assertEquals("no exception", acting.get(10, TimeUnit.SECONDS));
        assertEquals(1, finished.get());
    }

    @Test
    void listenersOnSeveralSessionsShareAQueueAndGetEachMessageOnce() throws Exception {
        Connection c = startedConnection();
        Session producerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(producerSession);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).setMessageListener(m -> {
                try {
                    seen.add(((TextMessage) m).getText());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                deliveries.incrementAndGet();
            });
        }
        MessageProducer p = producerSession.createProducer(q);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int i = 0; i < 1000; i++) {
            p.send(producerSession.createTextMessage("m" + i));
        }
        await().atMost(WAIT).until(() -> seen.size() == 1000);
        assertEquals(1000, deliveries.get(), "no message twice");
    }

    @Test
    void recoverInsideAListenerRedeliversTheCurrentMessage() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        List<Message> got = new CopyOnWriteArrayList<>();
        s.createConsumer(q).setMessageListener(m -> {
            got.add(m);
            if (got.size() == 1) {
                attempt(s::recover);
            }
        });
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(q).send(s.createTextMessage("x"));
        await().atMost(WAIT).until(() -> got.size() == 2);
        assertTrue(got.get(1).getJMSRedelivered());
    }

    @Test
    void anExceptionListenerCanBeSetAndRead() throws Exception {
        Connection c = connection();
        ExceptionListener l = e -> { };
        c.setExceptionListener(l);
        assertEquals(l, c.getExceptionListener());
    }
}
