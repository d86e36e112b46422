package io.tributary.tck.failover;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code failover:} URL through TributaryConnectionFactory (Qpid JMS underneath) while the broker restarts
 * on the same port and data directory: a producer sends persistent messages synchronously before, during and
 * after the restart, and every send that returned (the broker confirmed it stored) is received afterwards.
 * Duplicates are allowed: a send in doubt when the connection dropped is sent again.
 */
@Timeout(120)
class FailoverRestartTest {

    private static final int MESSAGES = 150;
    private static final int RESTART_AFTER = 50;

    @TempDir
    Path data;
    private Broker broker;
    private AmqpServer server;

    private int start(int port) {
        broker = Broker.start(BrokerConfig.builder().store(JdbcMessageStore.h2(data)).build());
        server = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(port).build());
        return server.port();
    }

    private void stop() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
        server = null;
        broker = null;
    }

    @AfterEach
    void stopBroker() {
        stop();
    }

    @Test
    void everyConfirmedPersistentMessageIsReceivedAfterTheBrokerRestartsUnderneath() throws Exception {
        int port = start(0);
        TributaryConnectionFactory factory = new TributaryConnectionFactory("failover:(amqp://127.0.0.1:" + port
                + ")?failover.initialReconnectDelay=50&failover.reconnectDelay=100&failover.useReconnectBackOff=false"
                + "&failover.maxReconnectAttempts=300");
        Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(factory, confirmed));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> confirmed.size() >= RESTART_AFTER
                || producing.isDone());
        int atRestart = confirmed.size();
        stop();
        start(port);
        producing.get(60, TimeUnit.SECONDS);
        Set<Integer> received = consumeAll(factory);
        Set<Integer> lost = new TreeSet<>(confirmed);
        lost.removeAll(received);
        assertTrue(atRestart < MESSAGES, "the broker restarted while the producer was sending");
        assertTrue(confirmed.size() == MESSAGES, "every send returned; confirmed " + confirmed.size());
        assertTrue(lost.isEmpty(), "confirmed but not received: " + lost);
    }

    private static void produce(TributaryConnectionFactory factory, Set<Integer> confirmed) {
        try (Connection c = factory.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("failover.orders"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int n = 0; n < MESSAGES; n++) {
                Message m = s.createTextMessage("order " + n);
                m.setIntProperty("n", n);
                p.send(m);
                confirmed.add(n);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the producer failed after " + confirmed.size() + " confirmed sends", e);
        }
    }

    private static Set<Integer> consumeAll(TributaryConnectionFactory factory) throws Exception {
        Set<Integer> received = new HashSet<>();
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("failover.orders");
            MessageConsumer consumer = s.createConsumer(q);
            for (Message m = consumer.receive(5_000); m != null; m = consumer.receive(1_000)) {
                received.add(m.getIntProperty("n"));
            }
        }
        return received;
    }
}
