package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attaching to a persistent stream that does not exist yet creates it, which reads the store (recovery). While the
 * database does not answer, that attach waits, and every other connection, on the same event loop included, carries
 * on.
 */
@Timeout(120)
class StreamAttachOutageTest {

    @TempDir
    Path dataDirectory;

    /** The H2 store, except that reading a stream's partitions waits for {@code answer} while it is set. */
    private volatile CountDownLatch answer;
    private final CountDownLatch asked = new CountDownLatch(1);

    private MessageStore unansweringStore() {
        MessageStore h2 = JdbcMessageStore.h2(dataDirectory);
        return (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    CountDownLatch wait = answer;
                    if (wait != null && method.getName().equals("loadStreamPartitions")) {
                        asked.countDown();
                        assertTrue(wait.await(60, TimeUnit.SECONDS), "the test never let the store answer");
                    }
                    try {
                        return method.invoke(h2, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Enough connections that one shares the stream attach's event loop (connections take the loops in turn). */
    private static int bystanders() {
        return 2 * Runtime.getRuntime().availableProcessors() + 1;
    }

    @Test
    void anAttachToANewStreamDuringAnOutageStallsNoOtherConnection() throws Exception {
        try (TestBroker broker = TestBroker.start(b -> b.store(unansweringStore()), a -> a)) {
            List<Connection> others = new ArrayList<>();
            try (Connection reader = broker.connect()) {
                for (int i = 0; i < bystanders(); i++) {
                    others.add(broker.connect());
                }
                answer = new CountDownLatch(1);
                Session readerSession = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
                CompletableFuture<MessageConsumer> attaching = CompletableFuture.supplyAsync(() -> {
                    try {
                        return readerSession.createConsumer(readerSession.createTopic("stream://orders"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertTrue(asked.await(10, TimeUnit.SECONDS), "the attach did not reach the store");

                for (int i = 0; i < others.size(); i++) {
                    roundTrip(others.get(i), "other-" + i);
                }
                assertFalse(attaching.isDone(), "the stream attach waits for the store");

                answer.countDown();
                MessageConsumer consumer = attaching.get(10, TimeUnit.SECONDS);
                Session s = others.get(0).createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createProducer(s.createTopic("stream://orders")).send(s.createTextMessage("after"));
                Message m = consumer.receive(10_000);
                assertNotNull(m, "the stream attached late still delivers");
                assertEquals("after", ((TextMessage) m).getText());
            } finally {
                for (Connection c : others) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anAttachAnsweredAfterItsConnectionClosedBreaksNothing() throws Exception {
        try (TestBroker broker = TestBroker.start(b -> b.store(unansweringStore()), a -> a)) {
            answer = new CountDownLatch(1);
            Connection reader = broker.connect();
            Session readerSession = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
            CompletableFuture.runAsync(() -> {
                try {
                    readerSession.createConsumer(readerSession.createTopic("stream://late"));
                } catch (Exception e) {
                    // the connection closes under it: expected
                }
            });
            assertTrue(asked.await(10, TimeUnit.SECONDS), "the attach did not reach the store");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    reader.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> broker.server.connectionCount() == 0);
            answer.countDown();
            closing.get(30, TimeUnit.SECONDS);

            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> broker.broker.addresses().find("late").isPresent());
            try (Connection c = broker.connect()) {
                roundTrip(c, "still-working");
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = s.createConsumer(s.createTopic("stream://late"));
                s.createProducer(s.createTopic("stream://late")).send(s.createTextMessage("late"));
                assertEquals("late", ((TextMessage) consumer.receive(10_000)).getText());
            }
        }
    }

    /** Sends one message to a queue of its own over {@code c} and receives it, within ten seconds. */
    private static void roundTrip(Connection c, String queue) throws Exception {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createProducer(s.createQueue(queue)).send(s.createTextMessage(queue));
        Message m = s.createConsumer(s.createQueue(queue)).receive(10_000);
        assertNotNull(m, "connection for " + queue + " got no message while the stream attach waited");
        assertEquals(queue, ((TextMessage) m).getText());
        s.close();
    }
}
