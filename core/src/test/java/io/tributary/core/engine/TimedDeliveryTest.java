package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TimedDeliveryTest {

    private EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void restart(AddressSettings defaults) {
        f.close();
        f = new EngineFixture(BrokerConfig.builder().defaults(defaults));
    }

    @Test
    void expiredMessageIsDroppedWithoutAnExpiryAddress() {
        f.send("q", MessageBuilder.create().ttl(1000).body("short").build());
        f.send("q", "long");
        f.advance(Duration.ofMillis(1000));
        f.awaitCount("q", 1);
        assertEquals("long", f.consume("q", 5).nextText());
    }

    @Test
    void expiredMessageMovesToTheExpiryAddress() {
        restart(AddressSettings.DEFAULTS.withExpiryAddress("expired"));
        f.send("q", MessageBuilder.create().ttl(1000).body("short").build());
        f.advance(Duration.ofSeconds(2));
        f.awaitCount("expired", 1);
        Delivery d = f.consume("expired", 1).next();
        assertEquals("short", RecordingSink.text(d));
        assertEquals("q", d.message().messageAnnotation(JmsMapping.ORIGINAL_ADDRESS));
        f.advance(Duration.ofHours(1));
        assertEquals(1, f.count("expired"), "an expired message does not expire again");
    }

    @Test
    void absoluteExpiryTimeIsHonoured() {
        f.send("q", MessageBuilder.create().absoluteExpiryTime(f.clock.millis() + 500).body("a").build());
        f.advance(Duration.ofMillis(499));
        assertEquals(1, f.count("q"));
        f.advance(Duration.ofMillis(1));
        f.awaitCount("q", 0);
    }

    @Test
    void expiredMessageIsNeverDeliveredEvenBeforeTheTimerRuns() {
        f.send("q", MessageBuilder.create().ttl(10).body("short").build());
        f.send("q", "b");
        f.clock.advance(Duration.ofSeconds(1));
        RecordingSink sink = f.consume("q", 5);
        assertEquals("b", sink.nextText());
        sink.assertNothingMore();
    }

    @Test
    void messageReleasedAfterItsTimeExpiresInsteadOfComingBack() {
        f.send("q", MessageBuilder.create().ttl(1000).body("a").build());
        RecordingSink sink = f.consume("q", 5);
        Delivery d = sink.next();
        f.clock.advance(Duration.ofSeconds(2));
        sink.consumer().settle(d.id(), Outcome.RELEASED, null);
        f.awaitCount("q", 0);
        sink.assertNothingMore();
    }

    @Test
    void scheduledMessageWaitsForItsDeliveryTime() {
        f.send("q", MessageBuilder.create().deliveryTime(f.clock.millis() + 5000).body("later").build());
        f.send("q", "now");
        RecordingSink sink = f.consume("q", 5);
        assertEquals("now", sink.nextText());
        sink.assertNothingMore();
        sink.consumer().addCredit(5);
        f.advance(Duration.ofMillis(4999));
        sink.assertNothingMore();
        sink.consumer().addCredit(5);
        f.advance(Duration.ofMillis(1));
        assertEquals("later", sink.nextText());
    }

    @Test
    void deliveryDelayAnnotationDelaysFromArrival() {
        f.send("q", MessageBuilder.create().annotation(JmsMapping.DELIVERY_DELAY, 3000L).body("delayed").build());
        RecordingSink sink = f.consume("q", 5);
        sink.assertNothingMore();
        assertEquals(1, f.count("q"));
        sink.consumer().addCredit(5);
        f.clock.advance(Duration.ofSeconds(3));
        // no runDueWork here: the engine's own timer tick picks it up
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> sink.pending() == 1);
        assertEquals("delayed", sink.nextText());
    }

    @Test
    void scheduledMessagesKeepTheirOrderWhenDue() {
        long at = f.clock.millis() + 1000;
        f.send("q", MessageBuilder.create().deliveryTime(at).body("1").build());
        f.send("q", MessageBuilder.create().deliveryTime(at).body("2").build());
        f.advance(Duration.ofSeconds(1));
        assertEquals(List.of("1", "2"), f.consume("q", 5).nextTexts(2));
        assertEquals(Optional.empty(), f.broker.addresses().find("expired"));
    }
}
