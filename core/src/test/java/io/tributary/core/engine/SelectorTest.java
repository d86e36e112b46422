package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Outcome;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SelectorTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static Message colour(String colour, String body) {
        return MessageBuilder.create().property("colour", colour).body(body).build();
    }

    private static ConsumerSpec topic() {
        return ConsumerSpec.on("news").kind(AddressKind.TOPIC);
    }

    @Test
    void consumerGetsOnlyMatchingMessagesAndOthersStayForOtherConsumers() {
        RecordingSink red = f.consume(ConsumerSpec.on("q").selector("colour = 'red'"), 10);
        f.send("q", colour("blue", "b1"), colour("red", "r1"), colour("blue", "b2"), colour("red", "r2"));
        assertEquals(List.of("r1", "r2"), red.nextTexts(2));
        red.assertNothingMore();
        assertEquals(4, f.count("q"), "two delivered and unsettled, two waiting");
        RecordingSink blue = f.consume(ConsumerSpec.on("q").selector("colour = 'blue'"), 10);
        assertEquals(List.of("b1", "b2"), blue.nextTexts(2));
    }

    @Test
    void queueWithOnlyNonMatchingConsumersKeepsTheMessage() {
        RecordingSink red = f.consume(ConsumerSpec.on("q").selector("colour = 'red'"), 10);
        f.send("q", colour("green", "g"));
        red.assertNothingMore();
        assertEquals(1, f.count("q"));
        assertEquals("g", f.consume("q", 1).nextText());
    }

    @Test
    void selectorSeesTheDeliveryCount() {
        f.send("q", colour("red", "r"));
        RecordingSink first = f.consume("q", 1);
        first.consumer().settle(first.next().id(), Outcome.FAILED, null);
        first.consumer().close();
        RecordingSink redelivered = f.consume(ConsumerSpec.on("q").selector("JMSXDeliveryCount > 1"), 1);
        assertEquals("r", redelivered.nextText());
    }

    @Test
    void invalidSelectorIsRefusedWithItsKind() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> f.consume(ConsumerSpec.on("q").selector("colour = = 'red'"), 1));
        assertEquals(BrokerException.Kind.INVALID_SELECTOR, e.kind());
    }

    @Test
    void browserWithASelectorSeesOnlyMatches() {
        f.send("q", colour("blue", "b"), colour("red", "r"));
        RecordingSink browser = f.consume(ConsumerSpec.on("q").selector("colour = 'red'").browse(true), 5);
        assertEquals("r", browser.nextText());
        browser.assertNothingMore();
    }

    @Test
    void topicSubscriptionOnlyStoresMatchingMessages() {
        RecordingSink red = f.consume(topic().selector("colour = 'red'"), 10);
        f.send("news", colour("blue", "b"), colour("red", "r"));
        assertEquals("r", red.nextText());
        assertEquals(1, f.count(red.consumer().queueName()), "the blue message was never stored here");
        red.assertNothingMore();
    }

    @Test
    void durableSubscriptionReopenedWithAnotherSelectorIsReplaced() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        f.consume(s, topic().subscription("sub", true, false).selector("colour = 'red'"), 0).consumer().close();
        f.send("news", colour("red", "old"));
        RecordingSink sink = f.consume(s, topic().subscription("sub", true, false).selector("colour = 'blue'"), 5);
        sink.assertNothingMore();
        sink.consumer().addCredit(5);
        f.send("news", colour("blue", "new"));
        assertEquals("new", sink.nextText());
    }

    @Test
    void durableSubscriptionReopenedWithTheSameSelectorKeepsItsMessages() {
        BrokerConnection c = f.connect("client-1");
        BrokerSession s = c.createSession();
        ConsumerSpec spec = topic().subscription("sub", true, false).selector("colour = 'red'");
        f.consume(s, spec, 0).consumer().close();
        f.send("news", colour("red", "kept"));
        assertEquals("kept", f.consume(s, spec, 5).nextText());
    }

    @Test
    void activeSharedSubscriptionRefusesAnotherSelector() {
        f.consume(topic().subscription("shared", false, true).selector("colour = 'red'"), 0);
        BrokerException e = assertThrows(BrokerException.class,
                () -> f.consume(topic().subscription("shared", false, true).selector("colour = 'blue'"), 0));
        assertEquals(BrokerException.Kind.IN_USE, e.kind());
    }
}
