package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TopicSubscriptionTest {

    private EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static ConsumerSpec topic(String name) {
        return ConsumerSpec.on(name).kind(AddressKind.TOPIC);
    }

    private void publish(String... bodies) {
        f.send("news", AddressKind.TOPIC, bodies);
    }

    private long subscriptionQueues() {
        return f.broker.addresses().list().stream().filter(i -> i.name().startsWith("news::")).count();
    }

    @Test
    void everyNonDurableSubscriberGetsEveryMessage() {
        RecordingSink one = f.consume(topic("news"), 10);
        RecordingSink two = f.consume(topic("news"), 10);
        publish("a", "b");
        assertEquals(List.of("a", "b"), one.nextTexts(2));
        assertEquals(List.of("a", "b"), two.nextTexts(2));
    }

    @Test
    void messagesPublishedWithoutSubscribersAreDropped() {
        publish("lost");
        RecordingSink late = f.consume(topic("news"), 10);
        late.assertNothingMore();
    }

    @Test
    void nonDurableSubscriptionGoesWithItsConsumer() {
        RecordingSink sink = f.consume(topic("news"), 10);
        assertEquals(1, subscriptionQueues());
        sink.consumer().close();
        assertEquals(0, subscriptionQueues());
    }

    @Test
    void durableSubscriptionKeepsMessagesWhileNobodyListens() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        ConsumerSpec spec = topic("news").subscription("sub", true, false);
        RecordingSink first = f.consume(s, spec, 10);
        first.consumer().close();
        publish("kept");
        RecordingSink again = f.consume(s, spec, 10);
        assertEquals("kept", again.nextText());
    }

    @Test
    void durableSubscriptionSurvivesItsConnection() {
        BrokerConnection c = f.connect("client-1");
        f.consume(c.createSession(), topic("news").subscription("sub", true, false), 0);
        c.close();
        publish("kept");
        BrokerConnection back = f.connect("client-1");
        assertEquals("kept", f.consume(back.createSession(), topic("news").subscription("sub", true, false), 5)
                .nextText());
    }

    @Test
    void durableSubscriptionNeedsAClientId() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> f.consume(topic("news").subscription("sub", true, false), 1));
        assertEquals(BrokerException.Kind.ILLEGAL_STATE, e.kind());
    }

    @Test
    void unsharedDurableSubscriptionTakesOneConsumerOnly() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        ConsumerSpec spec = topic("news").subscription("sub", true, false);
        f.consume(s, spec, 1);
        assertEquals(BrokerException.Kind.IN_USE, assertThrows(BrokerException.class,
                () -> f.consume(s, spec, 1)).kind());
    }

    @Test
    void sharedSubscriptionSplitsMessagesAmongItsConsumers() {
        ConsumerSpec spec = topic("news").subscription("shared", false, true);
        RecordingSink one = f.consume(spec, 100);
        RecordingSink two = f.consume(f.connect(null).createSession(), spec, 100);
        for (int i = 0; i < 10; i++) {
            publish("m" + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> one.pending() + two.pending() == 10);
        assertTrue(one.pending() > 0 && two.pending() > 0);
        assertEquals(1, subscriptionQueues());
    }

    @Test
    void sharedNonDurableSubscriptionLivesWhileAnyConsumerIsAttached() {
        ConsumerSpec spec = topic("news").subscription("shared", false, true);
        RecordingSink one = f.consume(spec, 10);
        RecordingSink two = f.consume(spec, 10);
        one.consumer().close();
        publish("a");
        assertEquals("a", two.nextText());
        two.consumer().close();
        assertEquals(0, subscriptionQueues());
    }

    @Test
    void sharedDurableSubscriptionWorksWithoutAClientIdAndOutlivesConsumers() {
        ConsumerSpec spec = topic("news").subscription("shared", true, true);
        f.consume(spec, 0).consumer().close();
        publish("kept");
        assertEquals("kept", f.consume(spec, 1).nextText());
    }

    @Test
    void unsubscribeRemovesAnInactiveDurableSubscription() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        ConsumerSpec spec = topic("news").subscription("sub", true, false);
        RecordingSink sink = f.consume(s, spec, 0);
        assertEquals(BrokerException.Kind.IN_USE, assertThrows(BrokerException.class,
                () -> c.unsubscribe("sub")).kind());
        sink.consumer().close();
        publish("gone");
        c.unsubscribe("sub");
        assertEquals(0, subscriptionQueues());
        assertEquals(BrokerException.Kind.NOT_FOUND, assertThrows(BrokerException.class,
                () -> c.unsubscribe("sub")).kind());
        f.consume(s, spec, 5).assertNothingMore();
    }

    @Test
    void durableSubscriptionReopenedWithAnotherNoLocalIsReplaced() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        f.consume(s, topic("news").subscription("sub", true, false), 0).consumer().close();
        publish("old");
        RecordingSink sink = f.consume(s, topic("news").subscription("sub", true, false).noLocal(true), 5);
        sink.assertNothingMore();
        assertEquals(1, subscriptionQueues());
    }

    @Test
    void durableSubscriptionReopenedOnAnotherTopicIsReplaced() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        f.consume(s, topic("news").subscription("sub", true, false), 0).consumer().close();
        publish("old");
        RecordingSink sink = f.consume(s, topic("sports").subscription("sub", true, false), 5);
        sink.assertNothingMore();
        assertEquals(0, subscriptionQueues());
    }

    @Test
    void noLocalSkipsMessagesFromTheSameConnection() {
        RecordingSink local = f.consume(topic("news").noLocal(true), 10);
        RecordingSink all = f.consume(topic("news"), 10);
        publish("mine");
        Producer other = f.connect(null).createSession().openProducer("news", AddressKind.TOPIC);
        EngineFixture.join(other.send(EngineFixture.text("theirs"), null));
        assertEquals(List.of("mine", "theirs"), all.nextTexts(2));
        assertEquals("theirs", local.nextText());
        local.assertNothingMore();
    }

    @Test
    void fanOutStoresADurableMessageOnceWithAReferencePerSubscription() {
        f.close();
        CountingStore store = new CountingStore();
        f = new EngineFixture(BrokerConfig.builder().store(store));
        BrokerSession s = f.connect("client-1").createSession();
        RecordingSink d1 = f.consume(s, topic("news").subscription("d1", true, false), 5);
        RecordingSink d2 = f.consume(s, topic("news").subscription("d2", true, false), 5);
        RecordingSink d3 = f.consume(s, topic("news").subscription("d3", true, true), 5);
        RecordingSink nonDurable = f.consume(topic("news"), 5);
        int before = store.addMessage.get();
        f.send("news", MessageBuilder.create().durable(true).body("once").build());
        assertEquals(before + 1, store.addMessage.get());
        assertEquals(3, store.addReference.get());
        Delivery a = d1.next();
        assertSame(a.message(), d2.next().message());
        assertSame(a.message(), d3.next().message());
        assertSame(a.message(), nonDurable.next().message());
    }

    @Test
    void browseOnATopicIsAnOrdinarySubscription() {
        RecordingSink sink = f.consume(topic("news").browse(true), 5);
        publish("a");
        assertEquals("a", sink.nextText());
    }
}
