package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Producer;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A message's user-id is the sender's authenticated user or nothing; an address may fill it in. */
@Timeout(30)
class UserIdTest {

    private final EngineFixture f = new EngineFixture(BrokerConfig.builder()
            .declare("audited", AddressKind.QUEUE, AddressSettings.DEFAULTS.withPopulateUserId(true)));

    @AfterEach
    void close() {
        f.close();
    }

    private BrokerSession sessionOf(String user) {
        return f.broker.connect(new ConnectionInfo("container-" + user, null, user)).createSession();
    }

    private static Message claiming(String userId) {
        MessageBuilder b = MessageBuilder.create().body("hello");
        return userId == null ? b.build() : b.userId(userId).build();
    }

    private static BrokerException refusal(Producer p, Message m) {
        CompletionException e = assertThrows(CompletionException.class, () -> EngineFixture.join(p.send(m, null)));
        return (BrokerException) e.getCause();
    }

    @Test
    void refusesAUserIdThatIsNotTheSendersUserAndNamesBoth() {
        Producer bob = sessionOf("bob").openProducer("plain", null);
        BrokerException e = refusal(bob, claiming("alice"));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().contains("'alice'") && e.getMessage().contains("'bob'"), e.getMessage());
        EngineFixture.join(bob.send(claiming("bob"), null));
        EngineFixture.join(bob.send(claiming(null), null));
        assertEquals(2, f.count("plain"), "only the refused message is missing");
    }

    @Test
    void refusesAnyUserIdOnAnAnonymousConnection() {
        Producer anonymous = sessionOf(null).openProducer("plain", null);
        BrokerException e = refusal(anonymous, claiming("alice"));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().contains("anonymous"), e.getMessage());
    }

    @Test
    void refusesAForgedUserIdInATransactionToo() {
        BrokerSession bob = sessionOf("bob");
        Producer p = bob.openProducer("plain", null);
        var tx = bob.beginTransaction();
        CompletionException e = assertThrows(CompletionException.class,
                () -> EngineFixture.join(p.send(claiming("alice"), tx)));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, ((BrokerException) e.getCause()).kind());
    }

    @Test
    void anAddressWithPopulateUserIdFillsInTheSendersUser() {
        EngineFixture.join(sessionOf("alice").openProducer("audited", null).send(claiming(null), null));
        EngineFixture.join(sessionOf(null).openProducer("audited", null).send(claiming(null), null));
        RecordingSink sink = f.consume("audited", 2);
        assertEquals("alice", sink.next().message().userId());
        assertNull(sink.next().message().userId(), "an anonymous sender has no user to fill in");
    }
}
