package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Broker;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker-wide memory limit ({@code limits.global-memory} in the vm URL's config file) in an embedded broker: a
 * send that the engine holds back blocks the sending thread until consumers bring the broker back under the limit.
 */
@Timeout(30)
class VmMemoryLimitTest {

    private static final int SIZE = 10 * 1024;
    private static final int COUNT = 20;

    @TempDir
    Path dir;

    private String url(String options, String config) throws Exception {
        Path file = Files.writeString(dir.resolve("broker.properties"), config);
        return "vm://memory-" + System.nanoTime() + "?config=" + file + options;
    }

    private static void send(Session s, MessageProducer p, int n) throws JMSException {
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(new byte[SIZE]);
        m.setIntProperty("n", n);
        p.send(m);
    }

    @Test
    void blocksANonDurableSendOverTheGlobalLimitUntilConsumersDrainTheBroker() throws Exception {
        String url = url("", "limits.global-memory=64KiB\n");
        TributaryConnectionFactory factory = new TributaryConnectionFactory(url);
        try (Connection producing = factory.createConnection(); Connection consuming = factory.createConnection()) {
            Broker broker = VmBrokers.find(url.substring("vm://".length(), url.indexOf('?'))).orElseThrow();
            Session s = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    MessageProducer a = s.createProducer(s.createQueue("limit.a"));
                    MessageProducer b = s.createProducer(s.createQueue("limit.b"));
                    a.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    b.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    for (int n = 0; n < COUNT; n++) {
                        send(s, n % 2 == 0 ? a : b, n);
                        sent.incrementAndGet();
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> broker.memory().blocked());
            Awaitility.await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS)
                    .until(() -> sent.get() == 7);
            assertFalse(sending.isDone(), "the eighth send waits: seven messages are over 64 KiB");

            consuming.start();
            Session cs = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer fromA = cs.createConsumer(cs.createQueue("limit.a"));
            MessageConsumer fromB = cs.createConsumer(cs.createQueue("limit.b"));
            for (int n = 0; n < COUNT; n++) {
                Message m = (n % 2 == 0 ? fromA : fromB).receive(5000);
                assertNotNull(m, "message " + n);
                assertEquals(n, m.getIntProperty("n"));
            }
            sending.get(10, TimeUnit.SECONDS);
            assertEquals(COUNT, sent.get());
            assertTrue(broker.memory().timesBlocked() >= 1);
        }
    }

    @Test
    void durableSendsOnAPersistentStoreArePagedInsteadOfBlocked() throws Exception {
        String url = url("&store=h2&dataDir=" + dir.resolve("data"), "limits.global-memory=64KiB\n");
        TributaryConnectionFactory factory = new TributaryConnectionFactory(url);
        try (Connection c = factory.createConnection()) {
            Broker broker = VmBrokers.find(url.substring("vm://".length(), url.indexOf('?'))).orElseThrow();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("paged"));
            for (int n = 0; n < COUNT; n++) {
                send(s, p, n);
            }
            assertTrue(broker.memory().usedBytes() <= 64 * 1024, "paged out: " + broker.memory());
            c.start();
            MessageConsumer consumer = s.createConsumer(s.createQueue("paged"));
            for (int n = 0; n < COUNT; n++) {
                Message m = consumer.receive(5000);
                assertNotNull(m, "message " + n);
                assertEquals(n, m.getIntProperty("n"));
            }
        }
    }

    @Test
    void aBadLimitNamesTheKey() throws Exception {
        String url = url("", "limits.global-memory=lots\n");
        JMSException e = assertThrows(JMSException.class, () -> new TributaryConnectionFactory(url).createConnection());
        assertTrue(e.getMessage().contains("limits.global-memory = 'lots' is invalid: expected a size above 0"),
                e.getMessage());
    }
}
