package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RecoveryTest {

    private final CountingStore store = new CountingStore();
    private EngineFixture f = new EngineFixture(BrokerConfig.builder().store(store));

    @AfterEach
    void close() {
        f.close();
    }

    private void restart() {
        f.close();
        f = new EngineFixture(BrokerConfig.builder().store(store));
    }

    private static Message durable(String body) {
        return MessageBuilder.create().durable(true).body(body).build();
    }

    @Test
    void durableMessagesSurviveARestartInOrder() {
        f.send("q", durable("1"), durable("2"), durable("3"));
        restart();
        assertEquals(3, f.count("q"));
        assertEquals(List.of("1", "2", "3"), f.consume("q", 5).nextTexts(3));
    }

    @Test
    void durableSendCompletesOnlyOnceTheStoreHasCommitted() {
        f.session.openProducer("q", null).close();
        store.gate = new CompletableFuture<>();
        var p = f.session.openProducer("q", null);
        var durableSend = p.send(durable("1"), null).toCompletableFuture();
        RecordingSink sink = f.consume("q", 5);
        sink.assertNothingMore();
        assertTrue(!durableSend.isDone(), "confirmed before the store committed");
        var volatileSend = p.send(EngineFixture.text("fast"), null).toCompletableFuture();
        assertTrue(volatileSend.isDone(), "a non-durable send does not wait for the store");
        sink.consumer().addCredit(5);
        store.gate.complete(null);
        EngineFixture.join(durableSend);
        assertEquals(List.of("fast", "1"), sink.nextTexts(2));
    }

    @Test
    void durableSendFailsWithAStoreFailureAndIsNotDeliveredWhenTheCommitFails() {
        f.session.openProducer("q", null).close();
        store.gate = CompletableFuture.failedFuture(
                new BrokerException(BrokerException.Kind.STORE_FAILURE, "disk"));
        var failure = assertThrows(CompletionException.class,
                () -> EngineFixture.join(f.session.openProducer("q", null).send(durable("lost"), null)));
        assertEquals(BrokerException.Kind.STORE_FAILURE,
                ((BrokerException) failure.getCause()).kind());
        store.gate = null;
        f.consume("q", 5).assertNothingMore();
    }

    @Test
    void deadLetteredDurableMessageIsInTheDeadLetterQueueAfterARestart() {
        f.send("q", durable("bad"));
        RecordingSink sink = f.consume("q", 1);
        sink.consumer().settle(sink.next().id(), Outcome.REJECTED, null);
        f.awaitCount("DLQ.q", 1);
        restart();
        assertEquals(0, f.count("q"));
        Delivery d = f.consume("DLQ.q", 1).next();
        assertEquals("bad", RecordingSink.text(d));
        assertEquals("q", d.message().messageAnnotation(JmsMapping.ORIGINAL_ADDRESS));
    }

    @Test
    void nonDurableMessagesNeverTouchTheStore() {
        f.send("q", "volatile");
        assertEquals(0, store.addMessage.get());
        restart();
        assertEquals(0, f.count("q"));
    }

    @Test
    void acceptedMessagesStayGoneAfterARestart() {
        f.send("q", durable("1"), durable("2"));
        RecordingSink sink = f.consume("q", 1);
        sink.consumer().settle(sink.next().id(), Outcome.ACCEPTED, null);
        f.awaitCount("q", 1);
        restart();
        assertEquals(List.of("2"), f.consume("q", 5).nextTexts(1));
    }

    @Test
    void unsettledMessagesComeBackAfterARestart() {
        f.send("q", durable("1"));
        f.consume("q", 1).next();
        restart();
        assertEquals("1", f.consume("q", 1).nextText());
    }

    @Test
    void deliveryCountSurvivesARestart() {
        f.send("q", durable("1"));
        RecordingSink sink = f.consume("q", 1);
        sink.consumer().settle(sink.next().id(), Outcome.FAILED, null);
        restart();
        Delivery d = f.consume("q", 1).next();
        assertEquals(1, d.deliveryCount());
        assertTrue(store.updateDeliveryCount.get() > 0);
    }

    @Test
    void durableSubscriptionsAndTheirMessagesSurviveARestartAsOneMessage() {
        BrokerConnection c = f.connect("client-1");
        ConsumerSpec s1 = ConsumerSpec.on("news").kind(AddressKind.TOPIC).subscription("s1", true, false);
        ConsumerSpec s2 = ConsumerSpec.on("news").kind(AddressKind.TOPIC).subscription("s2", true, false);
        f.consume(c.createSession(), s1, 0).consumer().close();
        f.consume(c.createSession(), s2, 0).consumer().close();
        f.send("news", durable("event"));
        restart();
        assertEquals(AddressKind.TOPIC, f.broker.addresses().find("news").orElseThrow().kind());
        BrokerConnection back = f.connect("client-1");
        Delivery d1 = f.consume(back.createSession(), s1, 1).next();
        Delivery d2 = f.consume(back.createSession(), s2, 1).next();
        assertEquals("event", RecordingSink.text(d1));
        assertSame(d1.message(), d2.message());
    }

    @Test
    void scheduledMessagesStayScheduledAfterARestart() {
        f.send("q", MessageBuilder.create().durable(true).deliveryTime(f.clock.millis() + 60_000).body("later")
                .build());
        restart();
        RecordingSink sink = f.consume("q", 1);
        sink.assertNothingMore();
        sink.consumer().addCredit(1);
        f.advance(Duration.ofMinutes(2));
        assertEquals("later", sink.nextText());
    }

    @Test
    void deletedAddressStaysDeletedAfterARestart() {
        f.send("q", durable("1"));
        f.broker.addresses().delete("q", false);
        restart();
        assertTrue(f.broker.addresses().find("q").isEmpty());
        assertEquals(0, store.countReferences("q"));
    }

    @Test
    void messageIdsContinueAboveTheStoredOnes() {
        f.send("q", durable("1"));
        long before = store.maxMessageId();
        restart();
        f.send("q", durable("2"));
        assertTrue(store.maxMessageId() > before);
        assertEquals(List.of("1", "2"), f.consume("q", 5).nextTexts(2));
    }

    @Test
    void recoversAPagedOutBacklogByIdWithoutReadingItAndStillDeliversAllOfItInOrder() {
        f.close();
        f = new EngineFixture(BrokerConfig.builder().store(store)
                .declare("big", AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(16 * 1024)));
        List<String> bodies = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            bodies.add("message " + n);
        }
        f.send("big", bodies.stream().map(RecoveryTest::durable).toArray(Message[]::new));
        store.loadedMessages.set(0);

        restart();

        assertTrue(store.loadedMessages.get() <= 1000, "recovery read " + store.loadedMessages.get()
                + " messages of a backlog 5,000 long that pages out after about 100");
        assertEquals(5000, f.count("big"));
        RecordingSink sink = new RecordingSink();
        Consumer c = f.session.openConsumer(ConsumerSpec.on("big"), sink);
        c.addCredit(100);
        List<String> received = new ArrayList<>();
        for (int n = 1; n <= 5000; n++) {
            Delivery d = sink.next();
            received.add(RecordingSink.text(d));
            c.settle(d.id(), Outcome.ACCEPTED, null);
            if (n % 100 == 0) {
                c.addCredit(100);
            }
        }
        assertEquals(bodies, received);
    }
}
