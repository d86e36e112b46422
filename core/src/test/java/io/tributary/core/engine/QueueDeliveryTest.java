package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerSession;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class QueueDeliveryTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void deliversInSendOrder() {
        f.send("orders", "a", "b", "c");
        RecordingSink sink = f.consume("orders", 10);
        assertEquals(List.of("a", "b", "c"), sink.nextTexts(3));
    }

    @Test
    void deliversHigherPrioritiesFirstAndFifoWithinOne() {
        f.send("orders", MessageBuilder.create().priority(1).body("low-1").build());
        f.send("orders", MessageBuilder.create().priority(9).body("high-1").build());
        f.send("orders", MessageBuilder.create().body("default").build());
        f.send("orders", MessageBuilder.create().priority(9).body("high-2").build());
        f.send("orders", MessageBuilder.create().priority(1).body("low-2").build());
        RecordingSink sink = f.consume("orders", 10);
        assertEquals(List.of("high-1", "high-2", "default", "low-1", "low-2"), sink.nextTexts(5));
    }

    @Test
    void deliversNoMoreThanTheCreditAllows() {
        f.send("orders", "a", "b", "c");
        RecordingSink sink = f.consume("orders", 2);
        assertEquals(List.of("a", "b"), sink.nextTexts(2));
        sink.assertNothingMore();
        sink.consumer().addCredit(1);
        assertEquals("c", sink.nextText());
    }

    @Test
    void drainSetsCreditToZeroAndReportsDrained() {
        f.send("orders", "a");
        RecordingSink sink = f.consume("orders", 0);
        sink.consumer().addCredit(5);
        assertEquals("a", sink.nextText());
        sink.assertNothingMore();
        assertEquals(0, sink.consumer().credit());
        f.send("orders", "b");
        assertEquals(2, f.count("orders"), "a is unsettled, b waits");
        assertEquals(0, sink.pending());
    }

    @Test
    void competingConsumersShareTheMessagesEachOnce() {
        RecordingSink one = f.consume("orders", 100);
        RecordingSink two = f.consume("orders", 100);
        for (int i = 0; i < 20; i++) {
            f.send("orders", "m" + i);
        }
        List<String> all = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> one.pending() + two.pending() == 20);
        int fromOne = one.pending();
        all.addAll(one.nextTexts(fromOne));
        all.addAll(two.nextTexts(20 - fromOne));
        assertTrue(fromOne > 0 && fromOne < 20, "both consumers got work: " + fromOne);
        assertEquals(20, all.stream().distinct().count());
    }

    @Test
    void acceptedMessageIsRemoved() {
        f.send("orders", "a");
        RecordingSink sink = f.consume("orders", 1);
        Delivery d = sink.next();
        assertFalse(d.settled());
        assertEquals(1, f.count("orders"));
        sink.consumer().settle(d.id(), Outcome.ACCEPTED, null);
        f.awaitCount("orders", 0);
    }

    @Test
    void preSettledConsumerRemovesAtDispatch() {
        f.send("orders", "a");
        RecordingSink sink = f.consume(ConsumerSpec.on("orders").preSettled(true), 1);
        Delivery d = sink.next();
        assertTrue(d.settled());
        f.awaitCount("orders", 0);
    }

    @Test
    void closingConsumerReleasesUnsettledWithoutCounting() {
        f.send("orders", "a", "b");
        RecordingSink first = f.consume("orders", 2);
        first.nextTexts(2);
        first.consumer().close();
        RecordingSink second = f.consume("orders", 2);
        Delivery a = second.next();
        Delivery b = second.next();
        assertEquals(List.of("a", "b"), List.of(RecordingSink.text(a), RecordingSink.text(b)));
        assertEquals(0, a.deliveryCount());
        assertEquals(0, b.deliveryCount());
    }

    @Test
    void closingConnectionReleasesItsUnsettledDeliveries() {
        f.send("orders", "a");
        var other = f.connect(null);
        BrokerSession s = other.createSession();
        RecordingSink first = f.consume(s, ConsumerSpec.on("orders"), 1);
        first.next();
        other.close();
        RecordingSink second = f.consume("orders", 1);
        Delivery d = second.next();
        assertEquals("a", RecordingSink.text(d));
        assertEquals(0, d.deliveryCount());
    }
}
