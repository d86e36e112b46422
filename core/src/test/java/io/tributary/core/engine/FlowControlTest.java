package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FlowControlTest {

    private final EngineFixture f = new EngineFixture(BrokerConfig.builder()
            .defaults(AddressSettings.DEFAULTS.withMemoryBudget(2_000)));

    @AfterEach
    void close() {
        f.close();
    }

    private static Message kilobyte() {
        return MessageBuilder.create().body(new byte[1000]).build();
    }

    @Test
    void producerIsBlockedOverTheBudgetButItsSendsStillSucceed() {
        Producer p = f.session.openProducer("q", null);
        EngineFixture.join(p.send(kilobyte(), null));
        assertFalse(p.blocked());
        EngineFixture.join(p.send(kilobyte(), null));
        assertTrue(p.blocked());
        EngineFixture.join(p.send(kilobyte(), null));
        assertEquals(3, f.count("q"));
    }

    @Test
    void whenWritableRunsOnceTheQueueDrainsBelowTheBudget() {
        Producer p = f.session.openProducer("q", null);
        for (int i = 0; i < 3; i++) {
            EngineFixture.join(p.send(kilobyte(), null));
        }
        AtomicInteger writable = new AtomicInteger();
        p.whenWritable(writable::incrementAndGet);
        assertEquals(0, writable.get());
        RecordingSink sink = f.consume("q", 3);
        Delivery first = sink.next();
        sink.consumer().settle(first.id(), Outcome.ACCEPTED, null);
        assertTrue(p.blocked(), "two kilobytes still held");
        Delivery second = sink.next();
        sink.consumer().settle(second.id(), Outcome.ACCEPTED, null);
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> writable.get() == 1);
        assertFalse(p.blocked());
    }

    @Test
    void whenWritableRunsAtOnceWhenNotBlocked() {
        Producer p = f.session.openProducer("q", null);
        AtomicInteger writable = new AtomicInteger();
        p.whenWritable(writable::incrementAndGet);
        assertEquals(1, writable.get());
    }

    @Test
    void topicProducerIsBlockedByAFullSubscription() {
        RecordingSink slow = f.consume(ConsumerSpec.on("news").kind(AddressKind.TOPIC), 0);
        Producer p = f.session.openProducer("news", AddressKind.TOPIC);
        for (int i = 0; i < 3; i++) {
            EngineFixture.join(p.send(kilobyte(), null));
        }
        assertTrue(p.blocked());
        AtomicInteger writable = new AtomicInteger();
        p.whenWritable(writable::incrementAndGet);
        f.broker.addresses().purge(slow.consumer().queueName());
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> writable.get() == 1);
    }

    @Test
    void purgeUnblocksProducers() {
        Producer p = f.session.openProducer("q", null);
        for (int i = 0; i < 3; i++) {
            EngineFixture.join(p.send(kilobyte(), null));
        }
        assertTrue(p.blocked());
        f.broker.addresses().purge("q");
        assertFalse(p.blocked());
    }
}
