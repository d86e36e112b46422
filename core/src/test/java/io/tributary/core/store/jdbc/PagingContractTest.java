package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.SinkQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A durable backlog many times a queue's memory budget is sent without holding producers back and drained in order.
 * Subclasses give the database: {@link H2PagingTest}, {@link PostgresPagingTest}.
 */
@Timeout(120)
abstract class PagingContractTest {

    private static final int BUDGET = 256 * 1024;

    /** A new, not started store on this test's database (the same database on every call within one test). */
    protected abstract JdbcMessageStore newStore();

    private Broker start() {
        return Broker.start(BrokerConfig.builder().store(newStore())
                .declare("backlog", AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(BUDGET)).build());
    }

    private static void sendAll(BrokerSession session, int count, int size) {
        Producer p = session.openProducer("backlog", AddressKind.QUEUE);
        for (int n = 1; n <= count; n++) {
            p.send(MessageBuilder.create().durable(true).property("n", n).body(new byte[size]).build(), null)
                    .toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
        assertFalse(p.blocked(), "a durable backlog pages out instead of holding the producer back");
    }

    private static void drainInOrder(BrokerSession session, int count) {
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on("backlog"), sink);
        c.addCredit(100);
        for (int n = 1; n <= count; n++) {
            Delivery d = sink.next();
            assertEquals(n, ((Number) d.message().applicationProperty("n")).intValue());
            c.settle(d.id(), Outcome.ACCEPTED, null);
            if (n % 100 == 0) {
                c.addCredit(100);
            }
        }
        sink.assertNothingMore();
    }

    @Test
    void sendsAndDrainsABacklogFortyTimesTheBudgetInOrder() {
        try (Broker broker = start()) {
            BrokerSession session = broker.connect(new ConnectionInfo("paging", null, null)).createSession();
            sendAll(session, 2500, 4096);
            assertEquals(2500, broker.addresses().find("backlog").orElseThrow().messageCount());

            drainInOrder(session, 2500);

            assertEquals(0, broker.addresses().find("backlog").orElseThrow().messageCount());
        }
    }

    @Test
    void recoversAPagedBacklogAfterARestartInOrder() {
        try (Broker broker = start()) {
            sendAll(broker.connect(new ConnectionInfo("paging", null, null)).createSession(), 1000, 4096);
        }
        try (Broker broker = start()) {
            assertEquals(1000, broker.addresses().find("backlog").orElseThrow().messageCount());
            drainInOrder(broker.connect(new ConnectionInfo("paging", null, null)).createSession(), 1000);
        }
    }

    @Test
    void purgeRemovesPagedOutMessagesFromTheStore() {
        try (Broker broker = start()) {
            sendAll(broker.connect(new ConnectionInfo("paging", null, null)).createSession(), 500, 4096);

            assertEquals(500, broker.addresses().purge("backlog"));
        }
        try (Broker broker = start()) {
            assertEquals(0, broker.addresses().find("backlog").orElseThrow().messageCount());
        }
    }
}
