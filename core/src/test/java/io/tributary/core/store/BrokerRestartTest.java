package io.tributary.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressInfo;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.ManualClock;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.engine.BrokerEngine;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Durable state through the real engine: written, broker stopped, broker started on the same data, all back.
 * Subclasses give a persistent store.
 */
@Timeout(60)
public abstract class BrokerRestartTest {

    private static final long T0 = 1_800_000_000_000L;

    private final ManualClock clock = new ManualClock(T0);
    private Broker broker;

    /** A new, not started store on this test's data (the same data on every call within one test). */
    protected abstract MessageStore newStore();

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private BrokerSession start(String clientId) {
        broker = Broker.start(BrokerConfig.builder().store(newStore()).clock(clock).build());
        BrokerConnection c = broker.connect(new ConnectionInfo("restart-test", clientId, null));
        return c.createSession();
    }

    private BrokerSession restart(String clientId) {
        broker.close();
        return start(clientId);
    }

    private static MessageBuilder durable(int n) {
        return MessageBuilder.create().durable(true).property("n", n).body("message " + n);
    }

    private static int n(Delivery d) {
        return ((Number) d.message().applicationProperty("n")).intValue();
    }

    private static void send(Producer p, Message m, TransactionId tx) {
        p.send(m, tx).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void bringsBackUnacknowledgedDurableMessagesWithPriorityDeliveryCountExpiryAndSchedule() {
        BrokerSession session = start(null);
        Producer p = session.openProducer("orders", AddressKind.QUEUE);
        send(p, durable(1).build(), null);
        send(p, durable(2).priority(9).build(), null);
        send(p, durable(3).ttl(60_000).build(), null);
        send(p, durable(4).deliveryTime(T0 + 30_000).build(), null);
        send(p, durable(5).build(), null);
        send(p, MessageBuilder.create().durable(false).property("n", 6).build(), null);
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on("orders"), sink);
        c.addCredit(2);
        Delivery first = sink.next();
        Delivery second = sink.next();
        assertEquals(List.of(2, 1), List.of(n(first), n(second)));
        c.settle(first.id(), Outcome.FAILED, null);
        c.settle(second.id(), Outcome.ACCEPTED, null);

        session = restart(null);

        SinkQueue after = new SinkQueue();
        Consumer again = session.openConsumer(ConsumerSpec.on("orders"), after);
        again.addCredit(10);
        List<Integer> got = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Delivery d = after.next();
            got.add(n(d));
            counts.add(d.deliveryCount());
        }
        assertEquals(List.of(2, 3, 5), got, "priority first, acknowledged and non-durable gone, 4 still scheduled");
        assertEquals(List.of(1, 0, 0), counts);
        after.assertNothingMore();
        clock.advance(Duration.ofSeconds(31));
        ((BrokerEngine) broker).runDueWork();
        assertEquals(4, n(after.next()));
    }

    @Test
    void expiresARecoveredMessageAtItsOriginalTime() {
        BrokerSession session = start(null);
        Producer p = session.openProducer("orders", AddressKind.QUEUE);
        send(p, durable(1).ttl(10_000).build(), null);
        send(p, durable(2).build(), null);

        session = restart(null);
        clock.advance(Duration.ofSeconds(11));
        ((BrokerEngine) broker).runDueWork();

        SinkQueue sink = new SinkQueue();
        session.openConsumer(ConsumerSpec.on("orders"), sink).addCredit(10);
        assertEquals(2, n(sink.next()));
        sink.assertNothingMore();
    }

    @Test
    void bringsBackDurableSubscriptionsWithTheirMessages() {
        BrokerSession session = start("app");
        Consumer sub = session.openConsumer(ConsumerSpec.on("prices").kind(AddressKind.TOPIC)
                .subscription("watch", true, false).selector("n > 1"), new SinkQueue());
        sub.close();
        Producer p = session.openProducer("prices", AddressKind.TOPIC);
        for (int i = 1; i <= 3; i++) {
            send(p, durable(i).build(), null);
        }

        session = restart("app");

        SinkQueue sink = new SinkQueue();
        session.openConsumer(ConsumerSpec.on("prices").kind(AddressKind.TOPIC).subscription("watch", true, false)
                .selector("n > 1"), sink).addCredit(10);
        assertEquals(List.of(2, 3), List.of(n(sink.next()), n(sink.next())));
        sink.assertNothingMore();
    }

    @Test
    void bringsBackDeclaredAddressesWithTheirSettings() {
        AddressSettings settings = AddressSettings.DEFAULTS.withMaxDeliveryAttempts(3)
                .withRedelivery(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1)).withDeadLetterAddress("dead")
                .withMemoryBudget(1 << 20);
        start(null);
        broker.addresses().declare("payments", AddressKind.QUEUE, settings);
        broker.addresses().declare("news", AddressKind.TOPIC, AddressSettings.DEFAULTS);

        restart(null);

        Optional<AddressInfo> payments = broker.addresses().find("payments");
        assertTrue(payments.isPresent());
        assertEquals(AddressKind.QUEUE, payments.get().kind());
        assertEquals(settings, payments.get().settings());
        assertEquals(AddressKind.TOPIC, broker.addresses().find("news").orElseThrow().kind());
    }

    @Test
    void keepsCommittedTransactionsAndDropsUncommittedOnes() {
        BrokerSession session = start(null);
        Producer p = session.openProducer("orders", AddressKind.QUEUE);
        send(p, durable(1).build(), null);
        TransactionId committed = session.beginTransaction();
        send(p, durable(2).build(), committed);
        session.commit(committed).toCompletableFuture().join();
        TransactionId open = session.beginTransaction();
        send(p, durable(3).build(), open);
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on("orders"), sink);
        c.addCredit(1);
        Delivery d = sink.next();
        assertEquals(1, n(d));
        c.settle(d.id(), Outcome.ACCEPTED, open);

        session = restart(null);

        SinkQueue after = new SinkQueue();
        session.openConsumer(ConsumerSpec.on("orders"), after).addCredit(10);
        assertEquals(List.of(1, 2), List.of(n(after.next()), n(after.next())));
        after.assertNothingMore();
        assertNull(after.poll(Duration.ZERO));
    }

    @Test
    void keepsEachMessageGroupOnOneConsumerInOrderAfterARestart() {
        BrokerSession session = start(null);
        Producer p = session.openProducer("groups", AddressKind.QUEUE);
        for (int n = 0; n < 20; n++) {
            // Group "b" every third message, so that a round robin without groups would split them otherwise.
            send(p, durable(n).group(n % 3 == 1 ? "b" : "a", n + 1).build(), null);
        }

        session = restart(null);

        // One message each first, so that each consumer is bound to one group; then credit for everything.
        SinkQueue first = new SinkQueue();
        SinkQueue second = new SinkQueue();
        Consumer one = session.openConsumer(ConsumerSpec.on("groups"), first);
        Consumer two = session.openConsumer(ConsumerSpec.on("groups"), second);
        one.addCredit(1);
        List<Integer> firstGot = new ArrayList<>(List.of(n(first.next())));
        two.addCredit(1);
        List<Integer> secondGot = new ArrayList<>(List.of(n(second.next())));
        one.addCredit(100);
        two.addCredit(100);
        while (firstGot.size() + secondGot.size() < 20) { // bounded by the class's timeout
            Delivery d = first.poll(Duration.ofMillis(20));
            if (d != null) {
                firstGot.add(n(d));
            }
            d = second.poll(Duration.ofMillis(20));
            if (d != null) {
                secondGot.add(n(d));
            }
        }
        assertEquals(List.of(0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18), firstGot);
        assertEquals(List.of(1, 4, 7, 10, 13, 16, 19), secondGot);
    }
}
