package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.security.Permissions;
import io.tributary.core.store.SinkQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine refuses what the users' roles do not permit, whatever protocol asks. */
@Timeout(30)
class PermissionsEnforcedTest {

    private final Broker broker = Broker.start(BrokerConfig.builder()
            .permissions(Permissions.builder()
                    .member("shop", "alice")
                    .member("audit", "carol")
                    .grant("shop", "orders.#", "send,consume,create")
                    .grant("audit", "orders.#", "browse")
                    .build())
            .build());

    @AfterEach
    void stop() {
        broker.close();
    }

    private BrokerSession session(String user) {
        return broker.connect(new ConnectionInfo("c-" + user, null, user)).createSession();
    }

    @Test
    void aUserSendsConsumesAndCreatesWhereARoleAllowsIt() throws Exception {
        BrokerSession alice = session("alice");
        Producer p = alice.openProducer("orders.eu", AddressKind.QUEUE);
        p.send(MessageBuilder.create().property("n", 1L).build(), null).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        SinkQueue sink = new SinkQueue();
        alice.openConsumer(ConsumerSpec.on("orders.eu"), sink).addCredit(1);
        assertEquals(1L, sink.next().message().applicationProperty("n"));
    }

    @Test
    void whatNoRoleAllowsIsRefusedAndNothingIsCreated() {
        BrokerException send = assertThrows(BrokerException.class,
                () -> session("carol").openProducer("orders.eu", AddressKind.QUEUE));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, send.kind());
        assertTrue(send.getMessage().contains("create") && send.getMessage().contains("orders.eu"), send.getMessage());
        assertFalse(broker.addresses().find("orders.eu").isPresent(), "a refused create leaves no address");

        session("alice").openProducer("orders.eu", AddressKind.QUEUE);
        BrokerException consume = assertThrows(BrokerException.class,
                () -> session("carol").openConsumer(ConsumerSpec.on("orders.eu"), new SinkQueue()));
        assertTrue(consume.getMessage().contains("consume"), consume.getMessage());
        session("carol").openConsumer(ConsumerSpec.on("orders.eu").browse(true), new SinkQueue()); // browse: allowed
        BrokerException elsewhere = assertThrows(BrokerException.class,
                () -> session("alice").openProducer("payments", AddressKind.QUEUE));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, elsewhere.kind());
        assertThrows(BrokerException.class, () -> session(null).openProducer("orders.eu", AddressKind.QUEUE),
                "a connection without a user has only the role anonymous");
    }

    @Test
    void anAnonymousRelaySendIsCheckedPerMessage() {
        Producer relay = session("alice").openProducer(null, null);
        CompletionException e = assertThrows(CompletionException.class, () -> relay.send(MessageBuilder.create()
                .to("payments").body(new byte[] {1}).build(), null).toCompletableFuture().join());
        assertTrue(e.getCause() instanceof BrokerException b && b.kind() == BrokerException.Kind.UNAUTHORIZED,
                String.valueOf(e.getCause()));
    }
}
