package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class QueueFeaturesTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static Message grouped(String group, String body) {
        return MessageBuilder.create().group(group, 0).body(body).build();
    }

    @Test
    void browserSeesMessagesWithoutConsumingThem() {
        f.send("q", "a", "b");
        RecordingSink browser = f.consume(ConsumerSpec.on("q").browse(true), 10);
        Delivery a = browser.next();
        assertTrue(a.settled());
        assertEquals("b", browser.nextText());
        browser.assertNothingMore();
        assertEquals(2, f.count("q"));
        assertEquals(List.of("a", "b"), f.consume("q", 5).nextTexts(2));
    }

    @Test
    void browserSeesMessagesThatArriveLater() {
        RecordingSink browser = f.consume(ConsumerSpec.on("q").browse(true), 10);
        f.send("q", "late");
        assertEquals("late", browser.nextText());
        assertEquals(1, f.count("q"));
    }

    @Test
    void browserDoesNotCountAsAConsumerOrTakeCompetingMessages() {
        f.consume(ConsumerSpec.on("q").browse(true), 10);
        RecordingSink consumer = f.consume("q", 10);
        f.send("q", "a");
        assertEquals("a", consumer.nextText());
        assertEquals(1, f.broker.addresses().find("q").orElseThrow().consumerCount());
    }

    @Test
    void groupSticksToOneConsumer() {
        RecordingSink one = f.consume("q", 100);
        RecordingSink two = f.consume("q", 100);
        for (int i = 0; i < 10; i++) {
            f.send("q", grouped("g1", "g1-" + i));
            f.send("q", grouped("g2", "g2-" + i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> one.pending() + two.pending() == 20);
        assertEquals(10, one.pending());
        List<String> fromOne = one.nextTexts(10);
        String group = fromOne.get(0).substring(0, 2);
        assertTrue(fromOne.stream().allMatch(s -> s.startsWith(group)), fromOne.toString());
        for (int i = 0; i < 10; i++) {
            assertEquals(group + "-" + i, fromOne.get(i));
        }
    }

    @Test
    void groupMovesToAnotherConsumerWhenItsConsumerCloses() {
        RecordingSink one = f.consume("q", 1);
        f.send("q", grouped("g", "1"), grouped("g", "2"));
        assertEquals("1", one.nextText());
        RecordingSink two = f.consume("q", 10);
        two.assertNothingMore();
        one.consumer().close();
        two.consumer().addCredit(10);
        assertEquals(List.of("1", "2"), two.nextTexts(2));
    }

    @Test
    void orderWithinAGroupSurvivesRedelivery() {
        RecordingSink sink = f.consume("q", 1);
        f.send("q", grouped("g", "1"), grouped("g", "2"), grouped("g", "3"));
        Delivery first = sink.next();
        sink.consumer().settle(first.id(), Outcome.FAILED, null);
        sink.consumer().addCredit(3);
        List<Delivery> next = List.of(sink.next(), sink.next(), sink.next());
        assertEquals(List.of("1", "2", "3"), next.stream().map(RecordingSink::text).toList());
        assertEquals(1, next.get(0).deliveryCount());
    }

    @Test
    void orderWithinAGroupSurvivesADelayedRedelivery() {
        f.close();
        EngineFixture g = new EngineFixture(BrokerConfig.builder().defaults(
                AddressSettings.DEFAULTS.withRedelivery(Duration.ofSeconds(5), 1.0,
                        Duration.ofSeconds(5))));
        try {
            RecordingSink sink = g.consume("q", 1);
            g.send("q", grouped("g", "1"));
            g.send("q", grouped("g", "2"));
            g.send("q", "other");
            sink.consumer().settle(sink.next().id(), Outcome.FAILED, null);
            sink.consumer().addCredit(5);
            assertEquals("other", sink.nextText());
            sink.assertNothingMore();
            sink.consumer().addCredit(5);
            g.advance(Duration.ofSeconds(5));
            assertEquals(List.of("1", "2"), sink.nextTexts(2));
        } finally {
            g.close();
        }
    }

    @Test
    void groupMessageUndeliverableToItsConsumerMovesTheGroupOn() {
        RecordingSink one = f.consume("q", 1);
        f.send("q", grouped("g", "1"));
        one.consumer().settle(one.next().id(), Outcome.modified(false, true), null);
        RecordingSink two = f.consume("q", 1);
        assertEquals("1", two.nextText());
    }

    @Test
    void exclusiveConsumerMustBeTheOnlyOne() {
        RecordingSink exclusive = f.consume(ConsumerSpec.on("q").exclusive(true), 1);
        BrokerException second = assertThrows(BrokerException.class, () -> f.consume("q", 1));
        assertEquals(BrokerException.Kind.IN_USE, second.kind());
        exclusive.consumer().close();
        RecordingSink plain = f.consume("q", 1);
        assertEquals(BrokerException.Kind.IN_USE, assertThrows(BrokerException.class,
                () -> f.consume(ConsumerSpec.on("q").exclusive(true), 1)).kind());
        f.send("q", "a");
        assertEquals("a", plain.nextText());
    }

    @Test
    void unsettledMessagesAreInvisibleToOtherConsumers() {
        f.send("q", "a");
        RecordingSink one = f.consume("q", 1);
        one.next();
        RecordingSink two = f.consume("q", 1);
        two.assertNothingMore();
    }

    @Test
    void manyMessagesFlowThroughWithBatchedCredit() {
        RecordingSink sink = f.consume("q", 0);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add("m" + i);
        }
        f.send("q", sent.toArray(String[]::new));
        sink.consumer().addCredit(500);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Delivery d = sink.next();
            got.add(RecordingSink.text(d));
            sink.consumer().settle(d.id(), Outcome.ACCEPTED, null);
        }
        assertEquals(sent, got);
        f.awaitCount("q", 0);
    }
}
