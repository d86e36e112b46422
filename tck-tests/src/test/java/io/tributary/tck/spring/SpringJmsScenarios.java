package io.tributary.tck.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.listener.SessionAwareMessageListener;

/**
 * Spring JMS in front of Tributary, as applications use it: JmsTemplate (convert, send, receive, request/reply)
 * and a DefaultMessageListenerContainer with four concurrent consumers in transacted sessions behind a
 * CachingConnectionFactory. Every message is processed once; a listener exception rolls the session back and
 * the message comes again, until the broker dead-letters it after {@link #MAX_DELIVERY_ATTEMPTS} attempts.
 * Subclasses give the ConnectionFactory (vm:// or amqp://) of a broker with that limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class SpringJmsScenarios {

    /** The max-delivery-attempts of the broker the subclass starts. */
    static final int MAX_DELIVERY_ATTEMPTS = 3;
    private static final int MESSAGES = 200;

    private CachingConnectionFactory caching;
    private final List<DefaultMessageListenerContainer> containers = new ArrayList<>();

    /** A factory for a broker whose max-delivery-attempts is {@link #MAX_DELIVERY_ATTEMPTS}. */
    protected abstract ConnectionFactory connectionFactory() throws Exception;

    @BeforeEach
    void cache() throws Exception {
        caching = new CachingConnectionFactory(connectionFactory());
        caching.setSessionCacheSize(8);
    }

    @AfterEach
    void stop() {
        containers.forEach(DefaultMessageListenerContainer::shutdown);
        containers.clear();
        caching.destroy();
    }

    private JmsTemplate template() {
        JmsTemplate t = new JmsTemplate(caching);
        t.setReceiveTimeout(5_000);
        return t;
    }

    private DefaultMessageListenerContainer container(String queue, Object listener, int consumers,
                                                      boolean transacted) {
        DefaultMessageListenerContainer c = new DefaultMessageListenerContainer();
        c.setConnectionFactory(caching);
        c.setDestinationName(queue);
        c.setMessageListener(listener);
        c.setSessionTransacted(transacted);
        c.setConcurrentConsumers(consumers);
        c.setMaxConcurrentConsumers(consumers);
        c.setReceiveTimeout(200);
        c.afterPropertiesSet();
        c.start();
        containers.add(c);
        return c;
    }

    private static String queue(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void jmsTemplateConvertsSendsAndReceivesTextAndMaps() {
        JmsTemplate t = template();
        String q = queue("template");
        t.convertAndSend(q, "hello");
        t.convertAndSend(q, Map.of("item", "book", "count", 2));
        assertEquals("hello", t.receiveAndConvert(q));
        assertEquals(Map.of("item", "book", "count", 2), t.receiveAndConvert(q));
        t.setReceiveTimeout(200);
        assertNull(t.receiveAndConvert(q));
    }

    @Test
    void jmsTemplateRequestReplyGetsTheAnswerOnATemporaryQueue() throws Exception {
        String q = queue("requests");
        container(q, (SessionAwareMessageListener<Message>) (request, session) -> {
            TextMessage reply = session.createTextMessage("pong: " + ((TextMessage) request).getText());
            reply.setJMSCorrelationID(request.getJMSMessageID());
            session.createProducer(request.getJMSReplyTo()).send(reply);
        }, 1, false);
        Message answer = template().sendAndReceive(q, s -> s.createTextMessage("ping"));
        assertInstanceOf(TextMessage.class, answer);
        assertEquals("pong: ping", ((TextMessage) answer).getText());
    }

    @Test
    void fourTransactedConcurrentConsumersProcessEveryMessageOnce() throws Exception {
        String q = queue("work");
        Map<Integer, AtomicInteger> processed = new ConcurrentHashMap<>();
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        DefaultMessageListenerContainer c = container(q, (MessageListener) m -> {
            try {
                processed.computeIfAbsent(m.getIntProperty("n"), n -> new AtomicInteger()).incrementAndGet();
                threads.put(Thread.currentThread().getName(), Boolean.TRUE);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }, 4, true);
        JmsTemplate t = template();
        for (int i = 0; i < MESSAGES; i++) {
            int n = i;
            t.send(q, s -> {
                Message m = s.createTextMessage("job " + n);
                m.setIntProperty("n", n);
                return m;
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed.size() == MESSAGES);
        assertEquals(4, c.getActiveConsumerCount());
        c.shutdown();
        t.setReceiveTimeout(200);
        assertNull(t.receive(q), "nothing left on the queue");
        processed.forEach((n, count) -> assertEquals(1, count.get(), "message " + n + " was processed once"));
    }

    @Test
    void aListenerExceptionRollsBackAndRedeliversThenTheBrokerDeadLettersAfterTheMaximumAttempts() {
        String q = queue("failing");
        List<String> attempts = new CopyOnWriteArrayList<>();
        List<String> done = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> perText = new ConcurrentHashMap<>();
        container(q, (MessageListener) m -> {
            try {
                String text = ((TextMessage) m).getText();
                int attempt = perText.computeIfAbsent(text, x -> new AtomicInteger()).incrementAndGet();
                attempts.add(text + "#" + attempt + (m.getJMSRedelivered() ? " redelivered" : ""));
                if (text.equals("poison") || (text.equals("flaky") && attempt < 2)) {
                    throw new IllegalStateException("listener fails on " + text + ", attempt " + attempt);
                }
                done.add(text);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }, 4, true);
        JmsTemplate t = template();
        t.convertAndSend(q, "flaky");
        t.convertAndSend(q, "poison");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> done.contains("flaky")
                && perText.get("poison") != null && perText.get("poison").get() >= MAX_DELIVERY_ATTEMPTS);
        assertEquals("poison", t.receiveAndConvert("DLQ." + q), "dead-lettered after " + MAX_DELIVERY_ATTEMPTS
                + " attempts: " + attempts);
        assertEquals(MAX_DELIVERY_ATTEMPTS, perText.get("poison").get(), "attempts: " + attempts);
        assertEquals(List.of("flaky"), done, "processed once, after one rollback");
        assertTrue(attempts.contains("flaky#2 redelivered"), "attempts: " + attempts);
    }
}
