package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.message.JmsMapping;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OutcomeTest {

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
    void releasedMessageComesBackWithoutCountingAFailure() {
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 2);
        Delivery first = sink.next();
        sink.consumer().settle(first.id(), Outcome.RELEASED, null);
        Delivery again = sink.next();
        assertEquals("a", RecordingSink.text(again));
        assertEquals(0, again.deliveryCount());
    }

    @Test
    void failedDeliveryIsRedeliveredWithItsCountIncremented() {
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 3);
        sink.consumer().settle(sink.next().id(), Outcome.FAILED, null);
        Delivery second = sink.next();
        assertEquals(1, second.deliveryCount());
        sink.consumer().settle(second.id(), Outcome.modified(true, false), null);
        assertEquals(2, sink.next().deliveryCount());
    }

    @Test
    void modifiedWithoutFailureKeepsTheCount() {
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 2);
        sink.consumer().settle(sink.next().id(), Outcome.modified(false, false), null);
        assertEquals(0, sink.next().deliveryCount());
    }

    @Test
    void undeliverableHereKeepsTheMessageFromThatConsumerOnly() {
        f.send("q", "a");
        RecordingSink one = f.consume("q", 5);
        one.consumer().settle(one.next().id(), Outcome.modified(false, true), null);
        one.assertNothingMore();
        RecordingSink two = f.consume("q", 1);
        assertEquals("a", two.nextText());
    }

    @Test
    void rejectedMessageGoesToTheDeadLetterQueueWithItsOriginalAddress() {
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 1);
        sink.consumer().settle(sink.next().id(), Outcome.REJECTED, null);
        f.awaitCount("q", 0);
        f.awaitCount("DLQ.q", 1);
        Delivery dead = f.consume("DLQ.q", 1).next();
        assertEquals("a", RecordingSink.text(dead));
        assertEquals("q", dead.message().messageAnnotation(JmsMapping.ORIGINAL_ADDRESS));
        assertEquals(0, dead.deliveryCount());
    }

    @Test
    void deadLettersAfterMaxDeliveryAttempts() {
        restart(AddressSettings.DEFAULTS.withMaxDeliveryAttempts(3));
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 10);
        for (int attempt = 0; attempt < 3; attempt++) {
            Delivery d = sink.next();
            assertEquals(attempt, d.deliveryCount());
            sink.consumer().settle(d.id(), Outcome.FAILED, null);
        }
        f.awaitCount("DLQ.q", 1);
        assertEquals(0, f.count("q"));
        sink.assertNothingMore();
    }

    @Test
    void tenFailedAttemptsDeadLetterByDefault() {
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 20);
        for (int attempt = 0; attempt < 10; attempt++) {
            sink.consumer().settle(sink.next().id(), Outcome.FAILED, null);
        }
        f.awaitCount("DLQ.q", 1);
    }

    @Test
    void emptyDeadLetterAddressDropsDeadLetters() {
        restart(AddressSettings.DEFAULTS.withDeadLetterAddress(""));
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 1);
        sink.consumer().settle(sink.next().id(), Outcome.REJECTED, null);
        f.awaitCount("q", 0);
        assertEquals(Optional.empty(), f.broker.addresses().find("DLQ.q"));
    }

    @Test
    void redeliveryWaitsTheDelayWithBackoffUpToTheCap() {
        restart(AddressSettings.DEFAULTS.withRedelivery(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3)));
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 10);
        // attempt 1 fails: wait 1 s; attempt 2 fails: wait 2 s; attempt 3 fails: wait 4 s capped to 3 s
        long[] waits = {1000, 2000, 3000};
        for (long wait : waits) {
            sink.consumer().settle(sink.next().id(), Outcome.FAILED, null);
            f.advance(Duration.ofMillis(wait - 1));
            sink.assertNothingMore();
            sink.consumer().addCredit(10);
            f.advance(Duration.ofMillis(1));
        }
        assertEquals(3, sink.next().deliveryCount());
    }

    @Test
    void releaseIsNotDelayed() {
        restart(AddressSettings.DEFAULTS.withRedelivery(Duration.ofMinutes(1), 1.0, Duration.ofMinutes(1)));
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 2);
        sink.consumer().settle(sink.next().id(), Outcome.RELEASED, null);
        assertEquals("a", sink.nextText());
    }

    @Test
    void settlingAnUnknownDeliveryIsNotFound() {
        f.send("q", "a");
        RecordingSink sink = f.consume("q", 1);
        Delivery d = sink.next();
        sink.consumer().settle(d.id(), Outcome.ACCEPTED, null);
        BrokerException twice = assertThrows(BrokerException.class,
                () -> sink.consumer().settle(d.id(), Outcome.ACCEPTED, null));
        assertEquals(BrokerException.Kind.NOT_FOUND, twice.kind());
        BrokerException never = assertThrows(BrokerException.class,
                () -> sink.consumer().settle(999, Outcome.ACCEPTED, null));
        assertEquals(BrokerException.Kind.NOT_FOUND, never.kind());
    }

    @Test
    void settlingOnAnotherConsumerIsNotFound() {
        f.send("q", "a");
        RecordingSink one = f.consume("q", 1);
        RecordingSink two = f.consume("q", 0);
        Delivery d = one.next();
        assertEquals(BrokerException.Kind.NOT_FOUND, assertThrows(BrokerException.class,
                () -> two.consumer().settle(d.id() + 100, Outcome.ACCEPTED, null)).kind());
    }
}
