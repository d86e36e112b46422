package io.tributary.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.ManualClock;
import io.tributary.core.MessageTrace;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.TraceLimits;
import io.tributary.core.TraceSampling;
import io.tributary.core.engine.BrokerEngine;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Message tracing through the real engine: a message's life across redelivery, dead-lettering and retry, found by
 * message-id, correlation-id and property; a stream entry's append and its reads by consumer groups and a plain
 * reader; sampling; retention; no rows when tracing is off. Subclasses give the
 * store (the in-memory one here; H2 and PostgreSQL).
 */
@Timeout(120)
public class MessageTraceTest {

    private static final TraceSampling ON = new TraceSampling(true, 1.0);

    private final ManualClock clock = new ManualClock();
    private Broker broker;
    private BrokerSession session;
    private MessageStore store;

    /** A new, not started store on this test's data. */
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(AddressSettings settings, TraceLimits limits) {
        store = newStore();
        broker = Broker.start(BrokerConfig.builder().store(store).clock(clock).tracing(limits)
                .declare("orders", AddressKind.QUEUE, settings).build());
        session = broker.connect(new ConnectionInfo("trace-test", null, "alice", "127.0.0.1")).createSession();
    }

    private void send(String address, MessageBuilder... messages) {
        Producer p = session.openProducer(address, AddressKind.QUEUE);
        for (MessageBuilder m : messages) {
            p.send(m.build(), null).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
        p.close();
    }

    private static MessageBuilder order(String id) {
        return MessageBuilder.create().durable(true).messageId(id).correlationId("corr-" + id)
                .property("region", "eu").property("n", 7).body("order " + id);
    }

    private List<MessageTrace> trace(MessageTrace.Lookup lookup) {
        return broker.management().trace(lookup).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The event types, without stored on a store that keeps nothing. */
    private List<String> expected(String... types) {
        return List.of(types).stream().filter(t -> store.persistent() || !t.equals(MessageTrace.STORED)).toList();
    }

    private static List<String> types(MessageTrace t) {
        return t.events().stream().map(MessageTrace.Event::type).toList();
    }

    /** Takes one delivery from {@code queue} and settles it with {@code outcome}. */
    private void consumeOnce(String queue, Outcome outcome) {
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on(queue), sink);
        c.addCredit(1);
        Delivery d = sink.next();
        c.settle(d.id(), outcome, null);
        c.close();
    }

    @Test
    void tracesAMessageAcrossRedeliveryDeadLetteringAndRetry() {
        start(AddressSettings.DEFAULTS.withTracing(ON).withMaxDeliveryAttempts(2), TraceLimits.DEFAULT);
        send("orders", order("order-1"));
        consumeOnce("orders", Outcome.RELEASED);
        consumeOnce("orders", Outcome.modified(true, false));
        consumeOnce("orders", Outcome.modified(true, false));
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> broker.management().queue("DLQ.orders").map(q -> q.depth() == 1).orElse(false));
        assertEquals(1, broker.management().retry("DLQ.orders").toCompletableFuture().join());
        consumeOnce("orders", Outcome.ACCEPTED);
        send("orders", order("other"));

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            List<MessageTrace> t = trace(MessageTrace.Lookup.messageId("order-1"));
            assertTrue(t.size() == 3 && types(t.get(2)).contains(MessageTrace.SETTLED), t.toString());
        });
        List<MessageTrace> traces = trace(MessageTrace.Lookup.messageId("order-1"));
        MessageTrace first = traces.get(0);
        assertEquals("orders", first.address());
        assertEquals("ID:AMQP_NO_PREFIX:order-1", first.messageId());
        assertEquals("corr-order-1", first.correlationId());
        assertEquals(expected("received", "routed", "stored", "delivered", "settled", "delivered", "settled",
                "delivered", "settled", "dead-lettered"), types(first));
        List<MessageTrace.Event> e = first.events().stream().filter(x -> !x.type().equals("stored")).toList();
        assertEquals("send", e.get(0).details().get("via"));
        assertEquals("alice", e.get(0).details().get("user"));
        assertEquals(List.of("orders"), e.get(1).details().get("queues"));
        assertEquals("released", e.get(3).details().get("outcome"));
        assertEquals(0L, e.get(4).details().get("deliveryCount"), "released: the count stays");
        assertEquals("modified", e.get(5).details().get("outcome"));
        assertEquals(1L, e.get(6).details().get("deliveryCount"));
        assertEquals("max delivery attempts (2)", e.get(8).details().get("reason"));
        assertEquals("DLQ.orders", e.get(8).details().get("to"));

        MessageTrace dead = traces.get(1);
        assertEquals("DLQ.orders", dead.address());
        assertEquals(expected("received", "routed", "stored", "moved"), types(dead));
        assertEquals("dead-letter", dead.events().get(0).details().get("via"));
        assertEquals(first.brokerId(), dead.events().get(0).details().get("fromBrokerId"));
        assertEquals("retry", dead.events().get(dead.events().size() - 1).details().get("via"));

        MessageTrace retried = traces.get(2);
        assertEquals("orders", retried.address());
        assertEquals(expected("received", "routed", "stored", "delivered", "settled"), types(retried));
        assertEquals("accepted", retried.events().get(retried.events().size() - 1).details().get("outcome"));
        assertEquals("retry", retried.events().get(0).details().get("via"));

        assertEquals(traces, trace(MessageTrace.Lookup.messageId("ID:AMQP_NO_PREFIX:order-1")));
        assertEquals(traces, trace(MessageTrace.Lookup.correlationId("corr-order-1")));
        assertEquals(4, trace(MessageTrace.Lookup.property("region", "eu")).size(), "order-1's three, other's one");
        assertEquals(List.of(), trace(MessageTrace.Lookup.property("region", "us")));
        assertEquals(List.of(), trace(MessageTrace.Lookup.messageId("unknown")));
    }

    @Test
    void aLookupRightAfterAConfirmedSendShowsItsEventsNotWrittenYet() {
        start(AddressSettings.DEFAULTS.withTracing(ON), TraceLimits.DEFAULT);
        for (int i = 0; i < 20; i++) { // each lookup straight after the confirmation: no waiting anywhere
            send("orders", order("now-" + i));
            List<MessageTrace> t = trace(MessageTrace.Lookup.messageId("now-" + i));
            assertEquals(1, t.size(), t.toString());
            assertEquals(expected("received", "routed", "stored"), types(t.get(0)));
        }
        consumeOnce("orders", Outcome.ACCEPTED);
        List<MessageTrace> t = trace(MessageTrace.Lookup.messageId("now-0"));
        assertEquals(expected("received", "routed", "stored", "delivered", "settled"), types(t.get(0)),
                "stored and buffered events in one trace, once each, in the order they happened");
    }

    @Test
    void tracesTheReadsOfAStreamEntryByEachGroupAndAPlainReader() {
        AddressSettings stream = AddressSettings.DEFAULTS.withStream(2, null, 0, 0, null);
        store = newStore();
        broker = Broker.start(BrokerConfig.builder().store(store).clock(clock)
                .declare("events", AddressKind.STREAM, stream.withTracing(ON))
                .declare("quiet", AddressKind.STREAM, stream).build());
        BrokerConnection connection = broker.connect(new ConnectionInfo("trace-test", null, "alice"));
        session = connection.createSession();
        send("quiet", order("q"));
        send("events", order("e"));
        for (String address : List.of("events", "quiet")) {
            readOnce(address, "billing", Outcome.ACCEPTED);
            readOnce(address, "audit", null);
            readOnce(address, null, null);
        }

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(expected("received",
                "appended", "stored", "read", "settled", "read", "read"), types(trace(
                MessageTrace.Lookup.messageId("e")).get(0))));
        MessageTrace t = trace(MessageTrace.Lookup.messageId("e")).get(0);
        assertEquals("events", t.address());
        List<MessageTrace.Event> e = t.events().stream().filter(x -> !x.type().equals("stored")).toList();
        Object partition = e.get(1).details().get("partition");
        assertEquals(0L, e.get(1).details().get("offset"));
        for (int i = 2; i < e.size(); i++) {
            assertEquals(partition, e.get(i).details().get("partition"), e.get(i).toString());
            assertEquals(0L, e.get(i).details().get("offset"), e.get(i).toString());
            assertEquals(connection.id(), e.get(i).details().get("connection"), e.get(i).toString());
        }
        assertEquals("billing", e.get(2).details().get("group"));
        assertEquals(0L, e.get(2).details().get("deliveryCount"));
        assertEquals("billing", e.get(3).details().get("group"));
        assertEquals("accepted", e.get(3).details().get("outcome"));
        assertEquals("audit", e.get(4).details().get("group"));
        assertEquals(null, e.get(5).details().get("group"), "a plain reader is in no group");
        assertEquals(List.of(), trace(MessageTrace.Lookup.messageId("q")));
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> store.maxTraceEventId() >= t.events().size());
        assertEquals(t.events().size(), store.maxTraceEventId(), "the untraced stream recorded nothing");
    }

    @Test
    void tracesTheReadsOfStreamEntriesAppendedBeforeARestart() {
        Assumptions.assumeTrue(persistentStore(), "an in-memory store keeps no stream across a restart");
        AddressSettings stream = AddressSettings.DEFAULTS.withStream(1, null, 0, 0, null);
        BrokerConfig.Builder config = BrokerConfig.builder().clock(clock)
                .declare("events", AddressKind.STREAM, stream.withTracing(ON))
                .declare("quiet", AddressKind.STREAM, stream);
        store = newStore();
        broker = Broker.start(config.store(store).build());
        session = broker.connect(new ConnectionInfo("trace-test", null, "alice")).createSession();
        send("events", order("before"));
        send("quiet", order("q"));
        broker.close();

        store = newStore();
        broker = Broker.start(config.store(store).build());
        BrokerConnection connection = broker.connect(new ConnectionInfo("trace-test", null, "alice"));
        session = connection.createSession();
        readOnce("events", "billing", Outcome.ACCEPTED);
        readOnce("events", null, null);
        readOnce("quiet", "billing", Outcome.ACCEPTED);

        MessageTrace t = trace(MessageTrace.Lookup.messageId("before")).get(0);
        assertEquals(List.of("received", "appended", "stored", "read", "settled", "read"), types(t));
        List<MessageTrace.Event> reads = t.events().subList(3, 6);
        assertEquals("billing", reads.get(0).details().get("group"));
        assertEquals(0L, reads.get(0).details().get("offset"));
        assertEquals("accepted", reads.get(1).details().get("outcome"));
        assertEquals(null, reads.get(2).details().get("group"), "a plain reader is in no group");
        for (MessageTrace.Event e : reads) {
            assertEquals(connection.id(), e.details().get("connection"), "read on the restarted broker");
        }
        assertEquals(List.of(), trace(MessageTrace.Lookup.messageId("q")), "the untraced stream stays untraced");
    }

    @Test
    void tracesAConsumerGroupGivingUpOnAStreamEntryAfterMaxDeliveryAttempts() {
        store = newStore();
        broker = Broker.start(BrokerConfig.builder().store(store).clock(clock).declare("events", AddressKind.STREAM,
                AddressSettings.DEFAULTS.withStream(1, null, 0, 0, null).withTracing(ON).withMaxDeliveryAttempts(2))
                .build());
        session = broker.connect(new ConnectionInfo("trace-test", null, "alice")).createSession();
        send("events", order("e"));
        readOnce("events", "billing", Outcome.modified(true, false));
        readOnce("events", "billing", Outcome.modified(true, false));

        MessageTrace t = trace(MessageTrace.Lookup.messageId("e")).get(0);
        assertEquals(expected("received", "appended", "stored", "read", "settled", "read", "settled", "given-up"),
                types(t));
        MessageTrace.Event givenUp = t.events().get(t.events().size() - 1);
        assertEquals("billing", givenUp.details().get("group"));
        assertEquals(0L, givenUp.details().get("partition"));
        assertEquals(0L, givenUp.details().get("offset"));
        assertEquals(2L, givenUp.details().get("attempts"));
        assertEquals("max delivery attempts (2)", givenUp.details().get("reason"));
    }

    /**
     * Reads one entry from the start of stream {@code address}: as consumer group {@code group} (a shared durable
     * subscription) or, when null, as a plain reader; settles it with {@code outcome} unless null.
     */
    private void readOnce(String address, String group, Outcome outcome) {
        SinkQueue sink = new SinkQueue();
        ConsumerSpec spec = ConsumerSpec.on(address).streamOffset(StreamOffset.FIRST);
        Consumer c = session.openConsumer(group == null ? spec : spec.subscription(group, true, true), sink);
        c.addCredit(1);
        Delivery d = sink.next();
        if (outcome != null) {
            c.settle(d.id(), outcome, null);
        }
        c.close();
    }

    @Test
    void keepsNoRowsForAnAddressWithTracingOff() {
        store = newStore();
        broker = Broker.start(BrokerConfig.builder().store(store).clock(clock)
                .declare("orders", AddressKind.QUEUE, AddressSettings.DEFAULTS)
                .declare("traced", AddressKind.QUEUE, AddressSettings.DEFAULTS.withTracing(ON)).build());
        session = broker.connect(new ConnectionInfo("trace-test", null, null)).createSession();
        send("orders", order("a"), order("b"));
        consumeOnce("orders", Outcome.ACCEPTED);
        consumeOnce("orders", Outcome.REJECTED);
        send("traced", order("c"));
        awaitEvents("c", expected("received", "routed", "stored").size());
        assertEquals(expected("received", "routed", "stored").size(), store.maxTraceEventId(),
                "the only rows are those of the traced address's message");
        assertEquals(List.of(), trace(MessageTrace.Lookup.messageId("a")));
    }

    @Test
    void samplesTheSameShareOfMessagesByTheirIds() {
        AddressSettings sampled = AddressSettings.DEFAULTS.withTracing(new TraceSampling(true, 0.2));
        store = newStore();
        broker = Broker.start(BrokerConfig.builder().store(store).clock(clock)
                .declare("a", AddressKind.QUEUE, sampled).declare("b", AddressKind.QUEUE, sampled)
                .declare("none", AddressKind.QUEUE, AddressSettings.DEFAULTS.withTracing(new TraceSampling(true, 0)))
                .build());
        session = broker.connect(new ConnectionInfo("trace-test", null, null)).createSession();
        int n = 1000;
        MessageBuilder[] messages = new MessageBuilder[n];
        for (int i = 0; i < n; i++) {
            messages[i] = MessageBuilder.create().messageId("m-" + i).property("batch", "x");
        }
        send("a", messages);
        send("b", messages);
        send("none", messages);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> received("a").size() > 0
                && received("a").size() == received("b").size());
        Set<String> a = received("a");
        assertTrue(a.size() > 150 && a.size() < 250, "about a fifth of 1000 messages traced: " + a.size());
        assertEquals(a, received("b"), "the same messages are sampled on both addresses");
        assertEquals(Set.of(), received("none"), "a sample of 0 traces nothing");
    }

    private Set<String> received(String address) {
        return store.findTrace(new TraceQuery(TraceQuery.Field.PROPERTY, List.of("\"batch\":\"x\"")), 100_000)
                .stream().filter(e -> e.type().equals(MessageTrace.RECEIVED) && e.address().equals(address))
                .map(TraceEventRecord::messageId).collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void retentionDeletesOldEventsAndKeepsAtMostTheMaximum() {
        store = newStore();
        int perMessage = store.persistent() ? 3 : 2; // received, routed (, stored)
        store.close();
        start(AddressSettings.DEFAULTS.withTracing(ON), new TraceLimits(Duration.ofHours(24), 2 * perMessage, 1000));
        send("orders", order("old"));
        awaitEvents("old", perMessage);
        clock.advance(Duration.ofHours(25));
        send("orders", order("new-1"), order("new-2"), order("new-3"));
        awaitEvents("new-3", perMessage);
        clock.advance(Duration.ofMinutes(2));
        ((BrokerEngine) broker).runDueWork();
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> trace(MessageTrace.Lookup.messageId("old")).isEmpty());
        List<TraceEventRecord> left = store.findTrace(new TraceQuery(TraceQuery.Field.PROPERTY,
                List.of("\"region\":\"eu\"")), 100);
        assertEquals(List.of("ID:AMQP_NO_PREFIX:new-2", "ID:AMQP_NO_PREFIX:new-3"), left.stream()
                .map(TraceEventRecord::messageId).filter(id -> id != null).toList(),
                "the newest events, those of new-2 and new-3; old is beyond the retention");
    }

    @Test
    void tracesTheExpiryOfAMessageThatExpiredWhilePagedOut() {
        Assumptions.assumeTrue(persistentStore(), "only a persistent store pages messages out");
        start(AddressSettings.DEFAULTS.withTracing(ON).withMemoryBudget(8 * 1024)
                .withExpiryAddress("expired.orders"), TraceLimits.DEFAULT);
        String body = "x".repeat(1024);
        for (int i = 0; i < 40; i++) {
            send("orders", MessageBuilder.create().durable(true).messageId("p-" + i).ttl(60_000).body(body));
        }
        clock.advance(Duration.ofMinutes(2));
        ((BrokerEngine) broker).runDueWork();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            List<MessageTrace> t = trace(MessageTrace.Lookup.messageId("p-39"));
            assertEquals(expected("received", "routed", "stored", "expired"), types(t.get(0)));
        });
    }

    @Test
    void tracesTheExpiryOfADeadLetterThatCameTracedAndExpiredWhilePagedOut() {
        Assumptions.assumeTrue(persistentStore(), "only a persistent store pages messages out");
        store = newStore();
        broker = Broker.start(BrokerConfig.builder().store(store).clock(clock)
                .declare("orders", AddressKind.QUEUE, AddressSettings.DEFAULTS.withTracing(ON))
                .declare("DLQ.orders", AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(8 * 1024))
                .build());
        session = broker.connect(new ConnectionInfo("trace-test", null, "alice")).createSession();
        String body = "x".repeat(1024);
        for (int i = 0; i < 40; i++) {
            send("orders", MessageBuilder.create().durable(true).messageId("d-" + i).ttl(60_000).body(body));
        }
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on("orders"), sink);
        c.addCredit(40);
        for (int i = 0; i < 40; i++) {
            c.settle(sink.next().id(), Outcome.REJECTED, null);
        }
        c.close();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> broker.management().queue("DLQ.orders")
                .map(q -> q.depth() == 40 && q.pagedOut() > 0).orElse(false));
        clock.advance(Duration.ofMinutes(2));
        ((BrokerEngine) broker).runDueWork();

        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            List<MessageTrace> t = trace(MessageTrace.Lookup.messageId("d-39"));
            assertEquals(2, t.size(), t.toString());
            assertEquals("DLQ.orders", t.get(1).address());
            assertEquals(List.of("received", "routed", "stored", "expired"), types(t.get(1)),
                    "traced on the dead-letter queue, whose own tracing is off, also after paging");
        });
    }

    /** Whether this test's stores are persistent. */
    private boolean persistentStore() {
        MessageStore probe = newStore();
        boolean persistent = probe.persistent();
        probe.close();
        return persistent;
    }

    /** Waits until the store holds {@code count} events of {@code messageId}'s trace (a lookup sees them sooner). */
    private void awaitEvents(String messageId, int count) {
        TraceQuery query = new TraceQuery(TraceQuery.Field.MESSAGE_ID, List.of("ID:AMQP_NO_PREFIX:" + messageId));
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> store.findTrace(query, 10).size() == count);
    }
}
