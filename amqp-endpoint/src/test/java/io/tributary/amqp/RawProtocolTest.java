package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Protocol cases driven with a bare Proton-J client: what a JMS client never sends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawProtocolTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(
            e -> e.declare("raw.stream", AddressKind.STREAM, null), a -> a);

    private static byte[] text(String body, String to) {
        Message m = Message.Factory.create();
        m.setBody(new AmqpValue(body));
        m.setAddress(to);
        return RawAmqpClient.encode(m);
    }

    private static Source source(String address) {
        Source s = new Source();
        s.setAddress(address);
        return s;
    }

    private static String body(Receiver r, Delivery d) {
        return (String) ((AmqpValue) RawAmqpClient.decode(r, d).getBody()).getValue();
    }

    @Test
    void runsTwoTransactionsOnOneSessionIndependently() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Sender coordinator = client.coordinator();
            Binary first = client.declare(coordinator);
            Binary second = client.declare(coordinator);
            Sender sender = client.sender("raw.tx");
            for (Binary txn : new Binary[] {first, second}) {
                TransactionalState state = new TransactionalState();
                state.setTxnId(txn);
                Delivery d = client.send(sender, text(txn == first ? "committed" : "rolled back", null), state);
                assertInstanceOf(TransactionalState.class, d.getRemoteState());
            }
            assertInstanceOf(Accepted.class, client.discharge(coordinator, first, false));
            assertInstanceOf(Accepted.class, client.discharge(coordinator, second, true));
            Receiver r = client.receiver(source("raw.tx"), 10);
            Delivery d = client.receive(r, 5000);
            assertNotNull(d);
            assertEquals("committed", body(r, d));
            client.settle(d, Accepted.getInstance());
            assertNull(client.receive(r, 300), "the rolled back send never arrives");
        }
    }

    @Test
    void rejectsATransferInAnUnknownTransaction() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Sender sender = client.sender("raw.unknown-tx");
            TransactionalState state = new TransactionalState();
            state.setTxnId(new Binary(new byte[] {9, 9, 9}));
            Delivery d = client.send(sender, text("lost", null), state);
            Rejected rejected = (Rejected) ((TransactionalState) d.getRemoteState()).getOutcome();
            assertEquals(TransactionErrors.UNKNOWN_ID, rejected.getError().getCondition());
        }
    }

    @Test
    void rejectsAPayloadThatIsNotAnAmqpMessageWithDecodeError() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Sender sender = client.sender("raw.garbage");
            Delivery d = client.send(sender, "not an AMQP message".getBytes(StandardCharsets.UTF_8), null);
            Rejected rejected = assertInstanceOf(Rejected.class, d.getRemoteState());
            assertEquals(AmqpError.DECODE_ERROR, rejected.getError().getCondition());
            Delivery ok = client.send(sender, text("valid", null), null);
            assertInstanceOf(Accepted.class, ok.getRemoteState(), "the link carries on");
        }
    }

    @Test
    void routesByToThroughTheAnonymousRelay() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Sender relay = client.sender(null);
            assertInstanceOf(Accepted.class, client.send(relay, text("relayed", "raw.relay"), null).getRemoteState());
            Receiver r = client.receiver(source("raw.relay"), 1);
            Delivery d = client.receive(r, 5000);
            assertNotNull(d);
            assertEquals("relayed", body(r, d));
        }
    }

    @Test
    void readsAStreamFromTheOffsetItsSourceFilterAsksFor() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Sender sender = client.sender("raw.stream");
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(Accepted.class, client.send(sender, text("event " + i, null), null).getRemoteState());
            }
            for (int round = 0; round < 2; round++) {
                Receiver all = client.receiver(streamSource("first"), 10);
                for (int i = 0; i < 3; i++) {
                    Delivery d = client.receive(all, 5000);
                    assertNotNull(d, "round " + round + " event " + i);
                    Message m = RawAmqpClient.decode(all, d);
                    assertEquals("event " + i, ((AmqpValue) m.getBody()).getValue(), "reading never removes");
                    assertEquals((long) i, ((Number) m.getMessageAnnotations().getValue()
                            .get(Symbol.valueOf("x-stream-offset"))).longValue());
                    client.settle(d, Accepted.getInstance());
                }
                all.close();
            }
            Receiver fromTwo = client.receiver(streamSourceAt(2L), 10);
            Delivery d = client.receive(fromTwo, 5000);
            assertNotNull(d);
            assertEquals("event 2", body(fromTwo, d));
            assertNull(client.receive(fromTwo, 300));
        }
    }

    private static Source streamSource(String spec) {
        Source s = source("raw.stream");
        s.setFilter(Map.of(Symbol.valueOf("rabbitmq:stream-offset-spec"),
                new UnknownDescribedType(Symbol.valueOf("rabbitmq:stream-offset-spec"), spec)));
        return s;
    }

    private static Source streamSourceAt(long offset) {
        Source s = source("raw.stream");
        s.setFilter(Map.of(Symbol.valueOf("rabbitmq:stream-offset-spec"), offset));
        return s;
    }

    @Test
    void mapsReleasedAndModifiedToRedeliveryWithTheRightCount() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            client.send(client.sender("raw.outcomes"), text("again", null), null);
            Receiver r = client.receiver(source("raw.outcomes"), 10);
            Delivery first = client.receive(r, 5000);
            Message m = RawAmqpClient.decode(r, first);
            assertTrue(m.getHeader() == null || m.getHeader().getDeliveryCount() == null
                    || m.getHeader().getDeliveryCount().intValue() == 0);
            client.settle(first, Released.getInstance());
            Delivery second = client.receive(r, 5000);
            Message m2 = RawAmqpClient.decode(r, second);
            assertTrue(m2.getHeader() == null || m2.getHeader().getDeliveryCount() == null
                    || m2.getHeader().getDeliveryCount().intValue() == 0, "released does not count an attempt");
            Modified failed = new Modified();
            failed.setDeliveryFailed(true);
            client.settle(second, failed);
            Delivery third = client.receive(r, 5000);
            Message m3 = RawAmqpClient.decode(r, third);
            assertEquals(1, m3.getHeader().getDeliveryCount().intValue(), "modified(delivery-failed) counts one");
            client.settle(third, Accepted.getInstance());
            assertNull(client.receive(r, 300));
        }
    }

    @Test
    void refusesAReceiverWhoseSelectorDoesNotParse() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Source s = source("raw.selector");
            s.setFilter(Map.of(Symbol.valueOf("jms-selector"),
                    new UnknownDescribedType(Symbol.valueOf("apache.org:selector-filter:string"), "colour = = 1")));
            Receiver r = client.receiver(s, 1);
            client.await(() -> r.getRemoteCondition() != null && r.getRemoteCondition().getCondition() != null,
                    "the link is closed with an error");
            assertNull(r.getRemoteSource(), "no terminus was created");
            assertEquals(AmqpError.INVALID_FIELD, r.getRemoteCondition().getCondition());
            assertTrue(r.getRemoteCondition().getDescription().contains("colour"),
                    r.getRemoteCondition().getDescription());
        }
    }
}
