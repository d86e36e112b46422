package io.tributary.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.tributary.core.DuplicateDetection.Mode;
import io.tributary.core.DuplicateDetection;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Duplicate detection through the real engine: resends within and beyond the window, after a restart, inside
 * transactions and at the same time. Subclasses give the store (the in-memory one here; H2 and PostgreSQL).
 */
@Timeout(120)
public class DuplicateDetectionTest {

    private Broker broker;
    private BrokerSession session;

    /** A new, not started store on this test's data (the same data on every call within one test). */
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(Mode mode, int window) {
        AddressSettings settings = AddressSettings.DEFAULTS.withDuplicateDetection(new DuplicateDetection(mode,
                window));
        broker = Broker.start(BrokerConfig.builder().store(newStore())
                .declare("orders", AddressKind.QUEUE, settings).build());
        session = broker.connect(new ConnectionInfo("dedup-test", null, null)).createSession();
    }

    private void restart(Mode mode, int window) {
        broker.close();
        start(mode, window);
    }

    private static Message withProperty(Object id, int n) {
        return MessageBuilder.create().durable(true).property(DuplicateDetection.PROPERTY, id).property("n", n)
                .body("message " + n).build();
    }

    private static Message withMessageId(Object id, int n) {
        return MessageBuilder.create().durable(true).messageId(id).property("n", n).body("message " + n).build();
    }

    private static void await(CompletionStage<Void> stage) {
        stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private void send(Message... messages) {
        Producer p = session.openProducer("orders", AddressKind.QUEUE);
        for (Message m : messages) {
            await(p.send(m, null));
        }
        p.close();
    }

    /** Consumes everything on the queue: the n property of each message, in order. */
    private List<Integer> drain() {
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on("orders"), sink);
        c.addCredit(10_000);
        List<Integer> got = new ArrayList<>();
        for (Delivery d = sink.poll(Duration.ofMillis(500)); d != null; d = sink.poll(Duration.ofMillis(500))) {
            got.add(((Number) d.message().applicationProperty("n")).intValue());
            c.settle(d.id(), Outcome.ACCEPTED, null);
        }
        c.close();
        return got;
    }

    private static BrokerException failure(CompletionStage<Void> stage) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join());
        return assertInstanceOf(BrokerException.class, e.getCause());
    }

    @Test
    void acceptsAResendOfTheSamePropertyIdWithoutStoringItAgain() {
        start(Mode.PROPERTY, 100);
        send(withProperty("order-1", 1), withProperty("order-2", 2), withProperty("order-1", 3),
                withProperty(new Binary(new byte[] {1, 2}), 4), withProperty(new Binary(new byte[] {1, 2}), 5),
                MessageBuilder.create().durable(true).property("n", 6).build(),
                MessageBuilder.create().durable(true).property("n", 7).build());
        assertEquals(List.of(1, 2, 4, 6, 7), drain(), "the resends of order-1 and of the binary id are dropped;"
                + " messages without the property are never duplicates");
    }

    @Test
    void tellsTheAmqpMessageIdTypesApartInMessageIdMode() {
        start(Mode.MESSAGE_ID, 100);
        UUID uuid = UUID.randomUUID();
        send(withMessageId("7", 1), withMessageId(UnsignedLong.valueOf(7), 2), withMessageId(uuid, 3),
                withMessageId(new Binary(new byte[] {7}), 4), withMessageId("7", 5),
                withMessageId(UnsignedLong.valueOf(7), 6), withMessageId(uuid, 7),
                withMessageId(new Binary(new byte[] {7}), 8), withProperty("ignored-here", 9),
                withProperty("ignored-here", 10));
        assertEquals(List.of(1, 2, 3, 4, 9, 10), drain());
    }

    @Test
    void storesAResendOnceItsIdIsBeyondTheWindow() {
        start(Mode.PROPERTY, 3);
        send(withProperty("a", 1), withProperty("b", 2), withProperty("c", 3), withProperty("a", 4),
                withProperty("d", 5), withProperty("a", 6), withProperty("c", 7));
        assertEquals(List.of(1, 2, 3, 5, 6), drain(), "a is still remembered at 4; d pushes a out, so 6 is stored;"
                + " c is among the last three ids at 7");
    }

    @Test
    void remembersTheIdsAfterARestart() {
        assumeTrue(newStore().persistent(), "only a persistent store keeps ids across a restart");
        start(Mode.MESSAGE_ID, 3);
        send(withMessageId("a", 1), withMessageId("b", 2), withMessageId("c", 3), withMessageId("d", 4));
        assertEquals(List.of(1, 2, 3, 4), drain());

        restart(Mode.MESSAGE_ID, 3);
        send(withMessageId("d", 5), withMessageId("b", 6), withMessageId("a", 7), withMessageId("e", 8));
        assertEquals(List.of(7, 8), drain(), "b, c, d were the window (a was forgotten, also in the store)");

        restart(Mode.MESSAGE_ID, 2);
        send(withMessageId("a", 9), withMessageId("e", 10), withMessageId("d", 11));
        assertEquals(List.of(11), drain(), "a smaller window keeps the newest ids: a and e");
    }

    @Test
    void failsACommitWithAnIdSentBeforeAndNamesIt() {
        start(Mode.PROPERTY, 100);
        send(withProperty("paid-42", 1));
        BrokerException e = failure(commit(withProperty("paid-43", 2), withProperty("paid-42", 3)));
        assertEquals(BrokerException.Kind.TRANSACTION_ROLLED_BACK, e.kind());
        assertTrue(e.getMessage().contains("duplicate id 'paid-42' on address 'orders' was already sent"),
                e.getMessage());

        await(commit(withProperty("paid-43", 4)));
        assertEquals(List.of(1, 4), drain(), "the rolled back transaction stored nothing and claimed no id");
    }

    /** Sends {@code messages} in a new transaction and commits it. */
    private CompletionStage<Void> commit(Message... messages) {
        Producer p = session.openProducer("orders", AddressKind.QUEUE);
        TransactionId tx = session.beginTransaction();
        for (Message m : messages) {
            await(p.send(m, tx));
        }
        return session.commit(tx);
    }

    @Test
    void failsACommitThatSendsOneIdTwice() {
        start(Mode.PROPERTY, 100);
        BrokerException e = failure(commit(withProperty("x", 1), withProperty("x", 2)));
        assertTrue(e.getMessage().contains("duplicate id 'x' on address 'orders' was sent twice in the transaction"),
                e.getMessage());
        send(withProperty("x", 3), withProperty("x", 4));
        assertEquals(List.of(3), drain());
    }

    @Test
    void makesACommittedTransactionsIdsDuplicates() {
        start(Mode.PROPERTY, 100);
        await(commit(withProperty("t", 1)));
        send(withProperty("t", 2));
        assertEquals(List.of(1), drain());
    }

    @Test
    void storesExactlyOneOfManySendsOfOneIdAtOnce() throws Exception {
        start(Mode.PROPERTY, 100);
        int senders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                for (int i = 0; i < senders; i++) {
                    Message m = withProperty("same-" + round, round);
                    Producer p = session.openProducer("orders", AddressKind.QUEUE);
                    sends.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return p.send(m, null).toCompletableFuture();
                    }, pool).thenCompose(f -> f));
                }
                go.countDown();
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> expected = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            expected.add(round);
        }
        assertEquals(expected, drain(), "every send succeeded, one of each round was stored");
    }
}
