package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.GlobalMemoryLimit;
import io.tributary.core.MemoryStatus;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker-wide memory limit: queues that are each far under their own budget but together over the global
 * limit hold back producers of messages that cannot be paged, and page durable messages out on a persistent store.
 * Every message here has the same encoded size {@link #SIZE}; the limit is ten and a half of them.
 */
@Timeout(30)
class GlobalMemoryTest {

    private static final int SIZE = message("q1", 0, false).size();
    private static final long LIMIT = 10 * SIZE + SIZE / 2;

    @TempDir
    Path dir;

    private static Message message(String queue, int i, boolean durable) {
        return MessageBuilder.create().durable(durable).body(String.format("%s-%03d-%s", queue, i, "x".repeat(1000)))
                .build();
    }

    private static BrokerConfig.Builder limited() {
        return BrokerConfig.builder().globalMemory(GlobalMemoryLimit.ofBytes(LIMIT));
    }

    /** Sends {@code perQueue} messages to each queue in turn (q1, q2, q3, q1, ...) through one producer each. */
    private static List<Producer> fill(EngineFixture f, int perQueue, boolean durable, String... queues) {
        List<Producer> producers = new ArrayList<>();
        for (String q : queues) {
            producers.add(f.session.openProducer(q, null));
        }
        for (int i = 0; i < perQueue; i++) {
            for (int p = 0; p < queues.length; p++) {
                EngineFixture.join(producers.get(p).send(message(queues[p], i, durable), null));
            }
        }
        return producers;
    }

    private static void consumeAll(EngineFixture f, String queue, int count) {
        RecordingSink sink = f.consume(queue, count);
        for (int i = 0; i < count; i++) {
            Delivery d = sink.next();
            assertTrue(RecordingSink.text(d).startsWith(String.format("%s-%03d-", queue, i)), RecordingSink.text(d));
            sink.consumer().settle(d.id(), Outcome.ACCEPTED, null);
        }
        sink.consumer().close();
    }

    @Test
    void holdsBackNonDurableProducersWhenQueuesTogetherGoOverTheGlobalLimitUntilOneIsConsumed() {
        try (EngineFixture f = new EngineFixture(limited())) {
            List<Producer> producers = fill(f, 4, false, "q1", "q2", "q3");
            assertEquals(12, f.count("q1") + f.count("q2") + f.count("q3"), "sends are still accepted");
            MemoryStatus status = f.broker.memory();
            assertEquals(LIMIT, status.limitBytes());
            assertEquals(12L * SIZE, status.usedBytes());
            assertTrue(status.blocked());
            assertEquals(1, status.timesBlocked(), "one episode, however many messages went over");
            AtomicInteger writable = new AtomicInteger();
            for (Producer p : producers) {
                assertTrue(p.blocked(), "every producer is held back, although each queue holds 4 of its 64 MiB");
                p.whenWritable(writable::incrementAndGet);
            }
            assertEquals(0, writable.get());

            consumeAll(f, "q1", 4);

            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> writable.get() == 3);
            producers.forEach(p -> assertFalse(p.blocked()));
            assertEquals(new MemoryStatus(LIMIT, 8L * SIZE, false, 1), f.broker.memory());
        }
    }

    @Test
    void releasesProducersOnlyOnceTheTotalIsBackAtTheLowWaterMark() {
        try (EngineFixture f = new EngineFixture(limited())) {
            Producer p = fill(f, 11, false, "q1").get(0);
            assertTrue(p.blocked());
            RecordingSink sink = f.consume("q1", 2);
            sink.consumer().settle(sink.next().id(), Outcome.ACCEPTED, null);
            assertEquals(10L * SIZE, f.broker.memory().usedBytes());
            assertTrue(p.blocked(), "under the limit but above nine tenths of it: still held back");
            sink.consumer().settle(sink.next().id(), Outcome.ACCEPTED, null);
            assertFalse(p.blocked(), "at nine tenths of the limit producers resume");
            EngineFixture.join(p.send(message("q1", 11, false), null));
            assertFalse(p.blocked());
            assertEquals(1, f.broker.memory().timesBlocked());
        }
    }

    @Test
    void pagesDurableMessagesOutOnAPersistentStoreInsteadOfHoldingTheirProducersBack() {
        try (EngineFixture f = new EngineFixture(limited().store(JdbcMessageStore.h2(dir)))) {
            List<Producer> producers = fill(f, 6, true, "q1", "q2", "q3");
            producers.forEach(p -> assertFalse(p.blocked()));
            MemoryStatus status = f.broker.memory();
            assertTrue(status.usedBytes() <= LIMIT, "the heap keeps at most the limit: " + status);
            assertEquals(0, status.timesBlocked());
            for (String q : List.of("q1", "q2", "q3")) {
                consumeAll(f, q, 6);
            }
            f.awaitCount("q3", 0);
            assertEquals(0, f.broker.memory().usedBytes());
        }
    }

    @Test
    void holdsBackNonDurableProducersOnAPersistentStoreWhileDurableOnesGoOnByPaging() {
        try (EngineFixture f = new EngineFixture(limited().store(JdbcMessageStore.h2(dir)))) {
            Producer nonDurable = fill(f, 11, false, "q1").get(0);
            assertTrue(nonDurable.blocked());
            Producer durable = fill(f, 5, true, "q2").get(0);
            assertFalse(durable.blocked(), "durable messages page out");
            assertEquals(11L * SIZE, f.broker.memory().usedBytes(), "the durable ones stayed in the store");
            AtomicInteger writable = new AtomicInteger();
            nonDurable.whenWritable(writable::incrementAndGet);

            consumeAll(f, "q1", 11);

            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> writable.get() == 1);
            consumeAll(f, "q2", 5);
            f.awaitCount("q2", 0);
            assertEquals(0, f.broker.memory().usedBytes());
        }
    }

    @Test
    void holdsBackDurableProducersTooOnceTheJournalsIndexTakesHalfTheLimit() {
        try (EngineFixture f = new EngineFixture(limited().store(JdbcMessageStore.h2(dir).journal(true)))) {
            Producer p = f.session.openProducer("q", null);
            int sent = 0;
            while (!p.blocked() && sent < 3000) {
                EngineFixture.join(p.send(MessageBuilder.create().durable(true).body("m" + sent).build(), null));
                if (++sent % 20 == 0) {
                    f.advance(Duration.ofSeconds(1)); // the engine counts the store's heap every second
                }
            }
            assertTrue(p.blocked(), "paging tiny durable messages out kept growing the journal's index");
            MemoryStatus status = f.broker.memory();
            assertTrue(status.storeBytes() >= LIMIT / 2 && status.blocked(), status.toString());
            assertTrue(sent < 1000, sent + " messages sent; the index costs about 29 bytes each");
            AtomicInteger writable = new AtomicInteger();
            p.whenWritable(writable::incrementAndGet);
            assertEquals(0, writable.get());

            RecordingSink sink = f.consume("q", sent);
            for (int i = 0; i < sent; i++) {
                sink.consumer().settle(sink.next().id(), Outcome.ACCEPTED, null);
            }
            f.awaitCount("q", 0);
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
                f.advance(Duration.ofSeconds(1)); // the acknowledgements reach the journal within 100 ms
                return writable.get() == 1 && f.broker.memory().storeBytes() == 0;
            });
            assertFalse(p.blocked());
        }
    }

    @Test
    void deletingAQueueReleasesItsShare() {
        try (EngineFixture f = new EngineFixture(limited())) {
            Producer p = fill(f, 6, false, "q1", "q2").get(0);
            assertTrue(p.blocked());
            f.broker.addresses().delete("q2", true);
            assertFalse(p.blocked());
            assertEquals(6L * SIZE, f.broker.memory().usedBytes());
        }
    }

    @Test
    void countsTopicSubscriptionsDeadLettersAndStreamsAndReturnsToZeroWhenTheyAreGone() {
        AddressSettings retained = AddressSettings.DEFAULTS.withStream(1, null, 0, 8, null);
        try (EngineFixture f = new EngineFixture(limited().declare("s", AddressKind.STREAM, retained))) {
            RecordingSink a = f.consume(ConsumerSpec.on("t").kind(AddressKind.TOPIC), 10);
            RecordingSink b = f.consume(ConsumerSpec.on("t").kind(AddressKind.TOPIC), 10);
            Producer topic = f.session.openProducer("t", AddressKind.TOPIC);
            for (int i = 0; i < 3; i++) {
                EngineFixture.join(topic.send(message("t1", i, false), null));
            }
            for (RecordingSink sink : List.of(a, b)) {
                for (int i = 0; i < 3; i++) {
                    Delivery d = sink.next();
                    sink.consumer().settle(d.id(), i == 0 ? Outcome.REJECTED : Outcome.ACCEPTED, null);
                }
            }
            f.awaitCount("DLQ.t", 2);
            RecordingSink dead = f.consume("DLQ.t", 2);
            for (int i = 0; i < 2; i++) {
                dead.consumer().settle(dead.next().id(), Outcome.ACCEPTED, null);
            }
            f.awaitCount("DLQ.t", 0);
            assertEquals(0, f.broker.memory().usedBytes());
            Producer stream = f.session.openProducer("s", null);
            for (int i = 0; i < 30; i++) {
                EngineFixture.join(stream.send(message("s1", i, false), null));
            }
            assertFalse(stream.blocked(), "retention keeps the stream at 8 messages");
            long streamHeap = f.broker.memory().usedBytes();
            assertTrue(streamHeap > 0 && streamHeap <= 8L * (SIZE + 64), "only the retained stream: " + streamHeap);
            f.broker.addresses().delete("s", true);
            assertEquals(0, f.broker.memory().usedBytes());
        }
    }
}
