package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the real H2 store: what is durable survives a restart of engine and store. */
@Timeout(60)
class JdbcRecoveryTest {

    @TempDir
    Path dir;

    private EngineFixture start() {
        return new EngineFixture(BrokerConfig.builder().store(JdbcMessageStore.h2(dir)));
    }

    private static Message durable(String body) {
        return MessageBuilder.create().durable(true).body(body).build();
    }

    @Test
    void queueAndDurableSubscriptionStateSurvivesARestartOnH2() {
        ConsumerSpec sub = ConsumerSpec.on("news").kind(AddressKind.TOPIC).subscription("sub", true, false);
        try (EngineFixture f = start()) {
            BrokerConnection c = f.connect("client-1");
            f.consume(c.createSession(), sub, 0).consumer().close();
            f.send("q", durable("1"), durable("2"), durable("3"));
            f.send("news", durable("event"));
            RecordingSink sink = f.consume("q", 2);
            Delivery first = sink.next();
            Delivery second = sink.next();
            sink.consumer().settle(first.id(), Outcome.ACCEPTED, null);
            sink.consumer().settle(second.id(), Outcome.FAILED, null);
            f.awaitCount("q", 2);
        }
        try (EngineFixture f = start()) {
            RecordingSink sink = f.consume("q", 5);
            Delivery two = sink.next();
            assertEquals("2", RecordingSink.text(two));
            assertEquals(1, two.deliveryCount());
            assertEquals("3", sink.nextText());
            BrokerConnection c = f.connect("client-1");
            assertEquals(List.of("event"), f.consume(c.createSession(), sub, 5).nextTexts(1));
        }
    }
}
