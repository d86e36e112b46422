package io.tributary.core.store.jdbc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.SinkQueue;
import io.tributary.core.store.StoredReference;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store while its PostgreSQL goes away and comes back: producers are held back, nothing confirmed is
 * lost, writing resumes by itself. One server for the class, stopped and restarted on the same data and port.
 */
@Timeout(120)
class PostgresOutageTest {

    private static Path dataDirectory;
    private static int port;
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        dataDirectory = Files.createTempDirectory("tributary-pg-outage");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startServer();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        try (var files = Files.walk(dataDirectory)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static void startServer() throws IOException {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).start();
    }

    private static void stopServer() throws IOException {
        postgres.close();
        postgres = null;
    }

    private static JdbcMessageStore newStore(Duration outageLimit) {
        JdbcMessageStore store = unstartedStore(outageLimit);
        store.start();
        return store;
    }

    private static JdbcMessageStore unstartedStore(Duration outageLimit) {
        return JdbcMessageStore.open("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres")
                .outageLimit(outageLimit);
    }

    private static CompletableFuture<Void> send(JdbcMessageStore store, String queue, long id) {
        return store.batch().addMessage(id, new byte[1024]).addReference(queue,
                new StoredReference(id, null, 4, 0, 0, 0, null)).commit().toCompletableFuture();
    }

    @Test
    void holdsProducersBackDuringAnOutageAndLosesNothingConfirmed() throws Exception {
        try (JdbcMessageStore store = newStore(Duration.ofSeconds(60))) {
            ConcurrentLinkedQueue<Long> confirmed = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong ids = new AtomicLong(1_000_000);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> producers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        long id = ids.incrementAndGet();
                        try {
                            send(store, "held", id).get(90, TimeUnit.SECONDS);
                            confirmed.add(id);
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                });
                t.start();
                producers.add(t);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> confirmed.size() >= 500);

            stopServer();
            int atStop = confirmed.size();
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1))
                    .until(() -> confirmed.size() <= atStop + 8);
            BrokerException load = assertThrows(BrokerException.class, () -> store.countReferences("held"));
            assertEquals(BrokerException.Kind.STORE_FAILURE, load.kind());
            startServer();

            int atRestart = confirmed.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.size() >= atRestart + 500);
            running.set(false);
            for (Thread t : producers) {
                t.join(60_000);
            }

            assertEquals(List.of(), List.copyOf(failures));
            Set<Long> stored = new HashSet<>();
            store.loadReferences("held", 0, Integer.MAX_VALUE).forEach(r -> stored.add(r.messageId()));
            assertTrue(stored.containsAll(confirmed), "every confirmed message is stored");
            assertEquals(confirmed.size(), stored.size());
        }
    }

    @Test
    void failsHeldBatchesClearlyAfterTheOutageLimitAndResumesWhenTheDatabaseReturns() throws Exception {
        try (JdbcMessageStore store = newStore(Duration.ofSeconds(2))) {
            send(store, "limit", 1).get(30, TimeUnit.SECONDS);

            stopServer();
            CompletableFuture<Void> held = send(store, "limit", 2);
            CompletionException e = assertThrows(CompletionException.class,
                    () -> held.orTimeout(30, TimeUnit.SECONDS).join());
            startServer();

            BrokerException cause = assertInstanceOf(BrokerException.class, e.getCause());
            assertEquals(BrokerException.Kind.STORE_FAILURE, cause.kind());
            assertTrue(cause.getMessage().contains("127.0.0.1:" + port), cause.getMessage());
            assertTrue(cause.getMessage().contains("unreachable"), cause.getMessage());
            assertTrue(cause.getMessage().contains("refused"), cause.getMessage());
            // Nothing is left to retry: the writer tries a one-row write until the database takes it.
            await().atMost(Duration.ofSeconds(30)).until(store::writing);
            send(store, "limit", 3).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(1L, 3L), store.loadReferences("limit", 0, 10).stream()
                    .map(StoredReference::messageId).toList());
        }
    }

    @Test
    void brokerHoldsDurableSendsDuringAnOutageAndDeliversAndAcknowledgesEverythingAfterwards() throws Exception {
        Set<Long> confirmed = ConcurrentHashMap.newKeySet();
        Set<Long> received = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> producers = new ArrayList<>();
        try (Broker broker = Broker.start(BrokerConfig.builder().store(unstartedStore(Duration.ofSeconds(60)))
                .build())) {
            AtomicLong numbers = new AtomicLong();
            for (int i = 0; i < 2; i++) {
                Producer p = broker.connect(new ConnectionInfo("producer-" + i, null, null)).createSession()
                        .openProducer("outage", AddressKind.QUEUE);
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        long n = numbers.incrementAndGet();
                        p.send(MessageBuilder.create().durable(true).property("n", n).build(), null)
                                .toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
                        confirmed.add(n);
                    }
                });
                t.start();
                producers.add(t);
            }
            Consumer[] consumer = new Consumer[1];
            consumer[0] = broker.connect(new ConnectionInfo("consumer", null, null)).createSession()
                    .openConsumer(ConsumerSpec.on("outage"), new DeliverySink() {
                        @Override
                        public void deliver(Delivery d) {
                            received.add(((Number) d.message().applicationProperty("n")).longValue());
                            consumer[0].settle(d.id(), Outcome.ACCEPTED, null);
                            consumer[0].addCredit(1);
                        }
                    });
            consumer[0].addCredit(50);
            await().atMost(Duration.ofSeconds(30)).until(() -> confirmed.size() >= 300);

            stopServer();
            int atStop = confirmed.size();
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1))
                    .until(() -> confirmed.size() <= atStop + 4);
            startServer();

            int atRestart = confirmed.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> confirmed.size() >= atRestart + 300);
            running.set(false);
            for (Thread t : producers) {
                t.join(60_000);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.containsAll(confirmed));
        }
        try (Broker again = Broker.start(BrokerConfig.builder().store(unstartedStore(Duration.ofSeconds(60)))
                .build())) {
            assertEquals(0, again.addresses().find("outage").orElseThrow().messageCount(),
                    "every acknowledgement made during the outage was stored afterwards");
        }
    }

    @Test
    void queuesAndStreamGroupsDeliverNothingWhileTheStoreCannotWriteAndStoreTheAcknowledgementsAfterwards()
            throws Exception {
        JdbcMessageStore store = unstartedStore(Duration.ofSeconds(60));
        Set<Long> queueReceived = ConcurrentHashMap.newKeySet();
        Set<Long> streamReceived = ConcurrentHashMap.newKeySet();
        try (Broker broker = Broker.start(BrokerConfig.builder().store(store).build())) {
            broker.addresses().declare("paused-stream", AddressKind.STREAM,
                    AddressSettings.DEFAULTS.withStream(1, null, 0, 0, null));
            BrokerSession session = broker.connect(new ConnectionInfo("paused", null, null)).createSession();
            Producer toQueue = session.openProducer("paused-queue", AddressKind.QUEUE);
            Producer toStream = session.openProducer("paused-stream", AddressKind.STREAM);
            for (long n = 1; n <= 300; n++) {
                toQueue.send(MessageBuilder.create().durable(true).property("n", n).build(), null)
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                toStream.send(MessageBuilder.create().durable(true).property("n", n).build(), null)
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            Consumer queue = accepting(session, ConsumerSpec.on("paused-queue"), queueReceived);
            Consumer group = accepting(session, ConsumerSpec.on("paused-stream").subscription("g", true, false)
                    .streamOffset(StreamOffset.FIRST), streamReceived);

            stopServer();
            CompletableFuture<Void> held = toQueue.send(MessageBuilder.create().durable(true).property("n", 301L)
                    .build(), null).toCompletableFuture(); // the writer fails on it: the store cannot write
            await().atMost(Duration.ofSeconds(30)).until(() -> !store.writing());
            queue.addCredit(1000);
            group.addCredit(1000);
            await("nothing delivered while the store cannot write").during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> queueReceived.isEmpty() && streamReceived.isEmpty());
            startServer();

            held.get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> queueReceived.size() == 301
                    && streamReceived.size() == 300);
        }
        try (Broker again = Broker.start(BrokerConfig.builder().store(unstartedStore(Duration.ofSeconds(60)))
                .build())) {
            assertEquals(0, again.addresses().find("paused-queue").orElseThrow().messageCount(),
                    "every acknowledgement made after the outage was stored");
            SinkQueue sink = new SinkQueue();
            again.connect(new ConnectionInfo("again", null, null)).createSession()
                    .openConsumer(ConsumerSpec.on("paused-stream").subscription("g", true, false), sink)
                    .addCredit(10);
            sink.assertNothingMore();
        }
    }

    @Test
    void keepsAcknowledgementsMadeDuringAnOutageLongerThanTheLimitAndStoresThemWhenTheDatabaseReturns()
            throws Exception {
        JdbcMessageStore store = unstartedStore(Duration.ofSeconds(1));
        try (Broker broker = Broker.start(BrokerConfig.builder().store(store).build())) {
            BrokerSession session = broker.connect(new ConnectionInfo("kept", null, null)).createSession();
            Producer producer = session.openProducer("kept-acks", AddressKind.QUEUE);
            for (long n = 1; n <= 20; n++) {
                producer.send(MessageBuilder.create().durable(true).property("n", n).build(), null)
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            SinkQueue sink = new SinkQueue();
            Consumer consumer = session.openConsumer(ConsumerSpec.on("kept-acks"), sink);
            consumer.addCredit(20);
            List<Delivery> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                inFlight.add(sink.next());
            }

            stopServer();
            CompletableFuture<Void> rejected = producer.send(MessageBuilder.create().durable(true).build(), null)
                    .toCompletableFuture();
            ExecutionException e = assertThrows(ExecutionException.class, () -> rejected.get(30, TimeUnit.SECONDS));
            String text = e.getCause().getMessage();
            assertTrue(text.contains("unreachable") && text.contains("not stored"), text);
            assertFalse(text.matches(".*(Exception|\\b(java|javax|org|com|sun)\\.[a-z]+\\.).*"), text);
            inFlight.forEach(d -> consumer.settle(d.id(), Outcome.ACCEPTED, null)); // past the limit
            CompletableFuture<Void> after = producer.send(MessageBuilder.create().durable(true).build(), null)
                    .toCompletableFuture();
            // Written after the acknowledgements: once it failed, so did their first write.
            assertThrows(ExecutionException.class, () -> after.get(30, TimeUnit.SECONDS));
            startServer();
            await().atMost(Duration.ofSeconds(30)).until(store::writing);
        }
        try (Broker again = Broker.start(BrokerConfig.builder().store(unstartedStore(Duration.ofSeconds(60)))
                .build())) {
            assertEquals(0, again.addresses().find("kept-acks").orElseThrow().messageCount(),
                    "acknowledgements made after the outage limit were stored when the database returned");
        }
    }

    /** A consumer that accepts each delivery at once and records its number; it has no credit yet. */
    private static Consumer accepting(BrokerSession session, ConsumerSpec spec, Set<Long> received) {
        Consumer[] consumer = new Consumer[1];
        consumer[0] = session.openConsumer(spec, new DeliverySink() {
            @Override
            public void deliver(Delivery d) {
                received.add(((Number) d.message().applicationProperty("n")).longValue());
                consumer[0].settle(d.id(), Outcome.ACCEPTED, null);
            }
        });
        return consumer[0];
    }
}
