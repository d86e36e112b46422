package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.junit.jupiter.api.Test;

/** How link sources become consumer specs: capabilities, filters and Qpid JMS subscription naming. */
class TerminiTest {

    private static Source source(String address, Symbol... capabilities) {
        Source s = new Source();
        s.setAddress(address);
        s.setCapabilities(capabilities);
        return s;
    }

    private static DescribedType described(Object descriptor, Object value) {
        return new UnknownDescribedType(descriptor, value);
    }

    @Test
    void readsTheSelectorByDescriptorSymbolOrCode() {
        Source s = source("orders", Termini.QUEUE);
        s.setFilter(Map.of(Symbol.valueOf("jms-selector"), described(Termini.SELECTOR, "colour = 'red'")));
        ConsumerSpec spec = Termini.consumerSpec(s, "orders", "link", false);
        assertEquals("colour = 'red'", spec.selector());
        assertEquals(AddressKind.QUEUE, spec.kindHint());
        s.setFilter(Map.of(Symbol.valueOf("any-key"),
                described(UnsignedLong.valueOf(0x0000468C00000004L), "size > 3")));
        assertEquals("size > 3", Termini.consumerSpec(s, "orders", "link", false).selector());
    }

    @Test
    void refusesASelectorThatIsNotAString() {
        Source s = source("orders");
        s.setFilter(Map.of(Symbol.valueOf("jms-selector"), described(Termini.SELECTOR, 42)));
        BrokerException e = assertThrows(BrokerException.class, () -> Termini.consumerSpec(s, "orders", "l", false));
        assertEquals(BrokerException.Kind.INVALID_SELECTOR, e.kind());
    }

    @Test
    void readsNoLocalAndIgnoresUnknownFilters() {
        Source s = source("news", Termini.TOPIC);
        s.setFilter(Map.of(Symbol.valueOf("no-local"), described(Termini.NO_LOCAL, List.of()),
                Symbol.valueOf("x-unknown"), described(Symbol.valueOf("x:unknown"), "whatever")));
        ConsumerSpec spec = Termini.consumerSpec(s, "news", "link", false);
        assertTrue(spec.noLocal());
        assertEquals(Map.of(Symbol.valueOf("no-local"), s.getFilter().get(Symbol.valueOf("no-local"))),
                Termini.supportedFilters(s.getFilter()), "only understood filters are echoed");
    }

    @Test
    void readsTheStreamOffsetSpecInEveryForm() {
        Source s = source("log");
        s.setFilter(Map.of(Termini.STREAM_OFFSET, described(Termini.STREAM_OFFSET, "first")));
        assertEquals(StreamOffset.FIRST, Termini.consumerSpec(s, "log", "l", false).streamOffset());
        s.setFilter(Map.of(Termini.STREAM_OFFSET, 42L));
        assertEquals(StreamOffset.offset(42), Termini.consumerSpec(s, "log", "l", false).streamOffset());
        s.setFilter(Map.of(Termini.STREAM_OFFSET, described(Termini.STREAM_OFFSET, new Date(1000))));
        assertEquals(StreamOffset.timestamp(1000), Termini.consumerSpec(s, "log", "l", false).streamOffset());
        s.setFilter(Map.of(Termini.STREAM_OFFSET, "next"));
        assertEquals(StreamOffset.NEXT, Termini.consumerSpec(s, "log", "l", false).streamOffset());
    }

    @Test
    void namesDurableAndSharedSubscriptionsAsQpidJmsDoes() {
        Source durable = source("news", Termini.TOPIC);
        durable.setDurable(TerminusDurability.UNSETTLED_STATE);
        durable.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        ConsumerSpec spec = Termini.consumerSpec(durable, "news", "sub1", false);
        assertEquals("sub1", spec.subscriptionName());
        assertTrue(spec.durable());
        assertFalse(spec.shared());

        Source shared = source("news", Termini.TOPIC, Termini.SHARED, Termini.GLOBAL);
        shared.setDurable(TerminusDurability.UNSETTLED_STATE);
        shared.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        spec = Termini.consumerSpec(shared, "news", "archive|global2", false);
        assertEquals("archive", spec.subscriptionName());
        assertTrue(spec.durable() && spec.shared());

        Source volatileShared = source("news", Termini.TOPIC, Termini.SHARED);
        spec = Termini.consumerSpec(volatileShared, "news", "workers|volatile1", false);
        assertEquals("workers", spec.subscriptionName());
        assertFalse(spec.durable());
        assertTrue(spec.shared());
    }

    @Test
    void treatsAPlainTopicReceiverAsANonDurableSubscriber() {
        ConsumerSpec spec = Termini.consumerSpec(source("news", Termini.TOPIC), "news", "qpid-jms:receiver:1", false);
        assertNull(spec.subscriptionName());
        assertEquals(AddressKind.TOPIC, spec.kindHint());
    }

    @Test
    void browsesAQueueWithCopyDistribution() {
        Source s = source("orders", Termini.QUEUE);
        s.setDistributionMode(Termini.COPY);
        ConsumerSpec spec = Termini.consumerSpec(s, "orders", "browser", false);
        assertTrue(spec.browse());
        assertTrue(spec.preSettled());
    }

    @Test
    void mapsCapabilitiesToKindHints() {
        assertEquals(AddressKind.QUEUE, Termini.kindHint(new Symbol[] {Termini.TEMP_QUEUE}));
        assertEquals(AddressKind.TOPIC, Termini.kindHint(new Symbol[] {Termini.TEMP_TOPIC}));
        assertEquals(AddressKind.STREAM, Termini.kindHint(new Symbol[] {Termini.STREAM}));
        assertNull(Termini.kindHint(null));
    }

    @Test
    void takesTheContainerIdAsClientIdUnlessQpidJmsGeneratedIt() {
        Symbol[] sole = {Symbol.valueOf("sole-connection-for-container")};
        assertEquals("orders-service", EventDispatch.clientId("orders-service", sole));
        assertNull(EventDispatch.clientId("ID:3f2504e0-4f89-11d3-9a0c-0305e82c3301:1", sole));
        assertNull(EventDispatch.clientId("ID:myhost-3f2504e0-4f89-11d3-9a0c-0305e82c3301:12", sole));
        assertNull(EventDispatch.clientId("orders-service", null), "no client id without sole-connection");
    }

    @Test
    void readsAStartPositionFromTheAddressAndLetsAFilterWin() {
        Source s = source("stream://orders?stream-offset=first", Termini.TOPIC);
        ConsumerSpec spec = Termini.consumerSpec(s, s.getAddress(), "link", false);
        assertEquals("stream://orders", spec.address());
        assertEquals(StreamOffset.FIRST, spec.streamOffset());
        assertEquals("stream://orders", Termini.addressOf(s));

        s.setFilter(Map.of(Termini.STREAM_OFFSET, "last"));
        assertEquals(StreamOffset.LAST, Termini.consumerSpec(s, s.getAddress(), "link", false).streamOffset());
    }
}
