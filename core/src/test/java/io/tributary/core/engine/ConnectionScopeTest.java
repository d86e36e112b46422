package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Producer;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionScopeTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void temporaryQueueIsDeletedWithItsConnection() {
        BrokerConnection c = f.connect(null);
        String name = c.createTemporaryQueue();
        assertTrue(f.broker.addresses().find(name).orElseThrow().temporary());
        c.close();
        assertTrue(f.broker.addresses().find(name).isEmpty());
    }

    @Test
    void anyConnectionMaySendToATemporaryQueueButOnlyItsOwnerConsumes() {
        BrokerConnection owner = f.connect(null);
        String name = owner.createTemporaryQueue();
        RecordingSink sink = f.consume(owner.createSession(), ConsumerSpec.on(name), 5);
        f.send(name, "reply");
        assertEquals("reply", sink.nextText());
        BrokerException e = assertThrows(BrokerException.class, () -> f.consume(name, 1));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("only the connection that created"),
                e.getMessage());
    }

    @Test
    void temporaryNamesCarry128RandomBits() {
        BrokerConnection owner = f.connect(null);
        String first = owner.createTemporaryQueue();
        String second = owner.createTemporaryQueue();
        String topic = owner.createTemporaryTopic();
        String prefix = "tmp-queue-" + owner.id() + "-";
        assertTrue(first.matches(prefix + "\\p{XDigit}{32}"), first);
        assertTrue(second.matches(prefix + "\\p{XDigit}{32}"), second);
        assertTrue(topic.matches("tmp-topic-" + owner.id() + "-\\p{XDigit}{32}"), topic);
        assertNotEquals(first, second);
    }

    @Test
    void aTemporaryQueueIsNeverAnAddressAnotherClientMadeFirst() {
        BrokerConnection victim = f.connect(null);
        // what the names used to be: the victim's connection id and a counter; the attacker takes the first 64
        Set<String> guesses = new HashSet<>();
        for (int n = 1; n <= 64; n++) {
            guesses.add("tmp-queue-" + victim.id() + "-" + n);
            f.consume("tmp-queue-" + victim.id() + "-" + n, 1);
        }
        String name = victim.createTemporaryQueue();
        assertFalse(guesses.contains(name), name);
        assertTrue(f.broker.addresses().find(name).orElseThrow().temporary());
        BrokerException e = assertThrows(BrokerException.class, () -> ((BrokerEngine) f.broker).registry()
                .createTemporary((EngineConnection) victim, AddressKind.QUEUE, guesses.iterator().next()));
        assertEquals(BrokerException.Kind.ALREADY_EXISTS, e.kind());
    }

    @Test
    void temporaryTopicFansOutToItsOwnersSubscribers() {
        BrokerConnection owner = f.connect(null);
        String name = owner.createTemporaryTopic();
        assertEquals(AddressKind.TOPIC, f.broker.addresses().find(name).orElseThrow().kind());
        RecordingSink sink = f.consume(owner.createSession(), ConsumerSpec.on(name), 5);
        f.send(name, "event");
        assertEquals("event", sink.nextText());
        owner.close();
        assertTrue(f.broker.addresses().find(name).isEmpty());
    }

    @Test
    void deleteTemporaryChecksOwnerAndConsumers() {
        BrokerConnection owner = f.connect(null);
        String name = owner.createTemporaryQueue();
        RecordingSink sink = f.consume(owner.createSession(), ConsumerSpec.on(name), 0);
        assertEquals(BrokerException.Kind.NOT_FOUND, assertThrows(BrokerException.class,
                () -> f.connection.deleteTemporary(name)).kind());
        assertEquals(BrokerException.Kind.IN_USE, assertThrows(BrokerException.class,
                () -> owner.deleteTemporary(name)).kind());
        sink.consumer().close();
        owner.deleteTemporary(name);
        assertTrue(f.broker.addresses().find(name).isEmpty());
    }

    @Test
    void sendingToADeletedTemporaryQueueFails() {
        BrokerConnection owner = f.connect(null);
        String name = owner.createTemporaryQueue();
        Producer p = f.session.openProducer(name, null);
        owner.close();
        var failure = assertThrows(CompletionException.class,
                () -> EngineFixture.join(p.send(EngineFixture.text("late"), null)));
        assertEquals(BrokerException.Kind.NOT_FOUND, ((BrokerException) failure.getCause()).kind());
    }

    @Test
    void clientIdMayBeHeldByOneOpenConnectionOnly() {
        BrokerConnection first = f.connect("app");
        BrokerException e = assertThrows(BrokerException.class,
                () -> f.broker.connect(new ConnectionInfo("other", "app", null)));
        assertEquals(BrokerException.Kind.INVALID_CLIENT_ID, e.kind());
        assertTrue(e.getMessage().contains("app"), e.getMessage());
        first.close();
        f.broker.connect(new ConnectionInfo("other", "app", null)).close();
    }

    @Test
    void closedConnectionAndSessionRefuseWork() {
        BrokerConnection c = f.connect(null);
        var s = c.createSession();
        s.close();
        assertEquals(BrokerException.Kind.ILLEGAL_STATE, assertThrows(BrokerException.class,
                () -> s.openProducer("q", null)).kind());
        c.close();
        assertEquals(BrokerException.Kind.ILLEGAL_STATE, assertThrows(BrokerException.class,
                c::createSession).kind());
    }

    @Test
    void anonymousProducerSendsToEachMessagesAddress() {
        Producer p = f.session.openProducer(null, null);
        EngineFixture.join(p.send(MessageBuilder.create().to("a").body("to-a").build(),
                null));
        EngineFixture.join(p.send(MessageBuilder.create().to("b").body("to-b").build(),
                null));
        assertEquals("to-a", f.consume("a", 1).nextText());
        assertEquals("to-b", f.consume("b", 1).nextText());
        var failure = assertThrows(CompletionException.class,
                () -> EngineFixture.join(p.send(EngineFixture.text("nowhere"), null)));
        assertEquals(BrokerException.Kind.INVALID_ARGUMENT, ((BrokerException) failure.getCause()).kind());
    }

    @Test
    void invalidMessageBytesAreRefused() {
        Producer p = f.session.openProducer("q", null);
        var failure = assertThrows(CompletionException.class,
                () -> EngineFixture.join(p.send(Message.wrap(new byte[] {1, 2, 3}), null)));
        assertEquals(BrokerException.Kind.INVALID_ARGUMENT, ((BrokerException) failure.getCause()).kind());
        assertEquals(0, f.count("q"));
    }
}
