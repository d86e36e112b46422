package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.TransactionId;
import io.tributary.core.message.MessageBuilder;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TransactionTest {

    private EngineFixture f = new EngineFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void commitMakesSendsAndAcknowledgementsAcrossQueuesVisibleTogether() {
        f.send("in", "work");
        RecordingSink in = f.consume("in", 1);
        RecordingSink out = f.consume("out", 5);
        Delivery d = in.next();
        TransactionId tx = f.session.beginTransaction();
        in.consumer().settle(d.id(), Outcome.ACCEPTED, tx);
        f.send("out", EngineFixture.text("result"), tx);
        f.send("audit", EngineFixture.text("log"), tx);
        out.assertNothingMore();
        assertEquals(1, f.count("in"), "the acknowledgement waits for the commit");
        assertEquals(0, f.count("audit"));
        out.consumer().addCredit(5);
        EngineFixture.join(f.session.commit(tx));
        assertEquals("result", out.nextText());
        f.awaitCount("in", 0);
        assertEquals(1, f.count("audit"));
    }

    @Test
    void rollbackDropsSendsAndRedeliversSettledMessagesWithTheCountIncremented() {
        f.send("in", "work");
        RecordingSink in = f.consume("in", 5);
        TransactionId tx = f.session.beginTransaction();
        in.consumer().settle(in.next().id(), Outcome.ACCEPTED, tx);
        f.send("out", EngineFixture.text("result"), tx);
        EngineFixture.join(f.session.rollback(tx));
        Delivery again = in.next();
        assertEquals("work", RecordingSink.text(again));
        assertEquals(1, again.deliveryCount());
        assertEquals(0, f.count("out"));
    }

    @Test
    void messageSettledInATransactionStaysInvisibleToOtherConsumers() {
        f.send("in", "work");
        RecordingSink one = f.consume("in", 1);
        TransactionId tx = f.session.beginTransaction();
        one.consumer().settle(one.next().id(), Outcome.ACCEPTED, tx);
        one.consumer().close();
        RecordingSink two = f.consume("in", 5);
        two.assertNothingMore();
        two.consumer().addCredit(5);
        EngineFixture.join(f.session.rollback(tx));
        assertEquals(1, two.next().deliveryCount());
    }

    @Test
    void transactionMayBeUsedOnAnotherSessionOfTheSameConnection() {
        var other = f.connection.createSession();
        TransactionId tx = f.session.beginTransaction();
        var p = other.openProducer("out", null);
        EngineFixture.join(p.send(EngineFixture.text("x"), tx));
        EngineFixture.join(other.commit(tx));
        assertEquals(1, f.count("out"));
    }

    @Test
    void unknownOrEndedTransactionIsNotFound() {
        TransactionId tx = f.session.beginTransaction();
        EngineFixture.join(f.session.commit(tx));
        CompletionException again = assertThrows(CompletionException.class,
                () -> EngineFixture.join(f.session.commit(tx)));
        assertEquals(BrokerException.Kind.NOT_FOUND, ((BrokerException) again.getCause()).kind());
        var p = f.session.openProducer("out", null);
        CompletionException send = assertThrows(CompletionException.class,
                () -> EngineFixture.join(p.send(EngineFixture.text("x"), new TransactionId(999))));
        assertEquals(BrokerException.Kind.NOT_FOUND, ((BrokerException) send.getCause()).kind());
        var other = f.connect(null).createSession();
        TransactionId foreign = other.beginTransaction();
        CompletionException notMine = assertThrows(CompletionException.class,
                () -> EngineFixture.join(f.session.rollback(foreign)));
        assertEquals(BrokerException.Kind.NOT_FOUND, ((BrokerException) notMine.getCause()).kind());
    }

    @Test
    void closingTheConnectionRollsBackItsTransactions() {
        var c = f.connect(null);
        var s = c.createSession();
        f.send("in", "work");
        RecordingSink sink = f.consume(s, ConsumerSpec.on("in"), 1);
        TransactionId tx = s.beginTransaction();
        sink.consumer().settle(sink.next().id(), Outcome.ACCEPTED, tx);
        c.close();
        assertEquals(1, f.consume("in", 1).next().deliveryCount());
    }

    @Test
    void commitWritesSendsAndAcknowledgementsInOneStoreBatch() {
        f.close();
        CountingStore store = new CountingStore();
        f = new EngineFixture(BrokerConfig.builder().store(store));
        f.send("in", MessageBuilder.create().durable(true).body("work").build());
        RecordingSink in = f.consume("in", 1);
        Delivery d = in.next();
        TransactionId tx = f.session.beginTransaction();
        in.consumer().settle(d.id(), Outcome.ACCEPTED, tx);
        f.send("out", MessageBuilder.create().durable(true).body("a").build(), tx);
        f.send("out", MessageBuilder.create().durable(true).body("b").build(), tx);
        f.session.openProducer("out", null).close();
        int commitsBefore = store.commits.get();
        EngineFixture.join(f.session.commit(tx));
        assertEquals(commitsBefore + 1, store.commits.get());
        assertEquals(1, store.removeReference.get());
        assertEquals(0, store.countReferences("in"));
        assertEquals(2, store.countReferences("out"));
    }

    @Test
    void refusesATransactionBeyondTheConnectionLimitUntilOneEnds() {
        f.close();
        f = new EngineFixture(BrokerConfig.builder().maxTransactions(3));
        TransactionId first = f.session.beginTransaction();
        f.session.beginTransaction();
        f.connection.createSession().beginTransaction();
        BrokerException e = assertThrows(BrokerException.class, () -> f.session.beginTransaction());
        assertEquals(BrokerException.Kind.RESOURCE_LIMIT, e.kind());
        assertTrue(e.getMessage().contains("limits.max-transactions = 3"), e.getMessage());
        EngineFixture.join(f.session.commit(first));
        f.session.beginTransaction();
        BrokerConnection other = f.broker.connect(new ConnectionInfo("other", null, null));
        other.createSession().beginTransaction();
        other.close();
    }
}
