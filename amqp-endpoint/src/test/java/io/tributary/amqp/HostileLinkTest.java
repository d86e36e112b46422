package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.amqp.transport.SessionError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Links and sessions driven with raw frames the way careless or hostile clients drive them: transfers beyond
 * credit, reused handles and link names, an attach and its detach in one read. Each ends at most the offending link
 * or session, with the error the AMQP specification names, and the broker serves everyone else meanwhile.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileLinkTest {

    private static final int BIG = 10 * 1024;
    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(e -> e.maxTransactions(8).declare("hostile.credit", AddressKind.QUEUE,
                AddressSettings.DEFAULTS.withMemoryBudget(64 * 1024)), a -> a);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static byte[] message(int bodySize) {
        Message m = Message.Factory.create();
        m.setBody(new AmqpValue(new String(new char[bodySize]).replace('\0', 'x')));
        return RawAmqpClient.encode(m);
    }

    private static long messages(String queue) {
        return broker.broker.addresses().find(queue).orElseThrow().messageCount();
    }

    @Test
    void closesALinkThatSendsBeyondItsCreditAndQueuesNoMoreThanItGranted() throws Exception {
        try (PerformativeClient client = new PerformativeClient(broker.server.port())) {
            client.begin(0);
            client.send(0, PerformativeClient.senderAttach("greedy", 0, "hostile.credit"));
            client.expect(Attach.class, a -> a.getName().equals("greedy"));
            long granted = client.expect(Flow.class, f -> f.getLinkCredit() != null).getLinkCredit().longValue();
            byte[] payload = message(BIG);
            for (long id = 0; id < granted + 200; id++) {
                client.send(0, PerformativeClient.transfer(0, id, true), payload);
            }
            Detach detach = client.expect(Detach.class, d -> d.getError() != null);
            assertEquals(LinkError.TRANSFER_LIMIT_EXCEEDED, detach.getError().getCondition());
            String description = detach.getError().getDescription();
            assertTrue(description.contains("credit") && description.contains("'greedy'"), description);
            assertTrue(messages("hostile.credit") <= granted, "queued " + messages("hostile.credit")
                    + " messages with " + granted + " credit granted");
        }
        assertServesOthers("hostile.after-credit");
    }

    @Test
    void dropsWhatArrivesOnALinkItClosedWithoutHoldingItInTheHeap() throws Exception {
        try (PerformativeClient client = new PerformativeClient(broker.server.port())) {
            client.begin(0);
            client.send(0, refusedAttach("refused", 0));
            client.expect(Detach.class, d -> d.getError() != null);
            long before = retainedHeap();
            byte[] payload = message(60 * 1024);
            long sent = 0;
            for (long id = 0; sent < 96L * 1024 * 1024; id++) {
                client.send(0, PerformativeClient.transfer(0, id, true), payload);
                sent += payload.length;
            }
            // the broker answers a begin sent after the transfers, so it has read them all; the link is still there
            client.begin(1);
            long growth = retainedHeap() - before;
            assertTrue(growth < 32L * 1024 * 1024, "the heap kept " + growth / 1024 / 1024 + " MiB of the "
                    + sent / 1024 / 1024 + " MiB sent on a refused link");
        }
    }

    @Test
    void answersAnAttachAndItsDetachThatArriveInOneRead() throws Exception {
        try (PerformativeClient client = new PerformativeClient(broker.server.port())) {
            client.begin(0);
            Attach[] attaches = {PerformativeClient.senderAttach("gone-sender", 0, "hostile.quick"),
                PerformativeClient.receiverAttach("gone-receiver", 1, "hostile.quick"),
                refusedAttach("gone-refused", 2)};
            for (Attach attach : attaches) {
                int handle = attach.getHandle().intValue();
                client.sendTogether(0, attach, PerformativeClient.detach(handle, true));
                Attach answer = client.expect(Attach.class, a -> a.getName().equals(attach.getName()));
                client.expect(Detach.class, d -> d.getHandle().equals(answer.getHandle()));
            }
            // the handles are free again and the session carries on
            client.send(0, PerformativeClient.senderAttach("after", 0, "hostile.quick"));
            client.expect(Attach.class, a -> a.getName().equals("after"));
        }
        assertServesOthers("hostile.after-quick");
    }

    @Test
    void endsTheSessionWithHandleInUseWhenAnAttachReusesALiveHandleAndKeepsTheOtherSessions() throws Exception {
        End end = endOfSessionAfter(PerformativeClient.senderAttach("first", 0, "hostile.handles"),
                PerformativeClient.senderAttach("second", 0, "hostile.handles"));
        assertEquals(SessionError.HANDLE_IN_USE, end.getError().getCondition());
        String description = end.getError().getDescription();
        assertTrue(description.contains("'second'") && description.contains("handle 0"), description);
        assertServesOthers("hostile.after-handles");
    }

    @Test
    void endsTheSessionWhenASecondAttachReusesTheNameOfALiveLink() throws Exception {
        End end = endOfSessionAfter(PerformativeClient.senderAttach("twin", 0, "hostile.names"),
                PerformativeClient.senderAttach("twin", 1, "hostile.names"));
        assertEquals(AmqpError.RESOURCE_LOCKED, end.getError().getCondition());
        assertTrue(end.getError().getDescription().contains("'twin'"), end.getError().getDescription());
        assertServesOthers("hostile.after-names");
    }

    /**
     * Attaches {@code first} on session 0 and then {@code second}, which session 0 must refuse by ending; answers the
     * end after checking that session 1 still attaches a link (named as {@code second}: another session, another
     * link).
     */
    private static End endOfSessionAfter(Attach first, Attach second) throws Exception {
        try (PerformativeClient client = new PerformativeClient(broker.server.port())) {
            client.begin(0);
            client.begin(1);
            client.send(0, first);
            client.expect(Attach.class, a -> a.getName().equals(first.getName()));
            client.send(0, second);
            End end = client.expect(End.class, e -> e.getError() != null);
            client.send(1, second);
            client.expect(Attach.class, a -> a.getName().equals(second.getName()));
            return end;
        }
    }

    @Test
    void refusesADeclareBeyondTheTransactionLimitUntilOneIsDischarged() throws Exception {
        try (RawAmqpClient client = new RawAmqpClient(broker.server.port())) {
            Sender coordinator = client.coordinator();
            Binary first = client.declare(coordinator);
            for (int i = 1; i < 8; i++) {
                client.declare(coordinator);
            }
            Message declare = Message.Factory.create();
            declare.setBody(new AmqpValue(new Declare()));
            Delivery refused = client.send(coordinator, RawAmqpClient.encode(declare), null);
            Rejected rejected = assertInstanceOf(Rejected.class, refused.getRemoteState());
            assertEquals(AmqpError.RESOURCE_LIMIT_EXCEEDED, rejected.getError().getCondition());
            String description = rejected.getError().getDescription();
            assertTrue(description.contains("limits.max-transactions = 8"), description);
            assertInstanceOf(Accepted.class, client.discharge(coordinator, first, true));
            assertNotNull(client.declare(coordinator), "a discharge frees a place");
        }
    }

    /** The attach of a sender to a temporary queue that does not exist, which the broker refuses. */
    private static Attach refusedAttach(String name, int handle) {
        Attach attach = PerformativeClient.senderAttach(name, handle, "hostile.no-such-temporary");
        ((Target) attach.getTarget())
                .setCapabilities(Symbol.valueOf("temporary-queue"));
        return attach;
    }

    /** Heap in use after a full collection. */
    private static long retainedHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Another client can still send and receive. */
    private static void assertServesOthers(String queue) throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(queue);
            s.createProducer(q).send(s.createTextMessage("still serving"));
            TextMessage got = (TextMessage) s.createConsumer(q).receive(5000);
            assertNotNull(got);
            assertEquals("still serving", got.getText());
        }
    }
}
