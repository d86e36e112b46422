package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamReadersTest {

    private final StreamFixture f = new StreamFixture().stream("orders", 1);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aThousandReadersShareOneMessageObjectPerEntry() {
        f.send("orders", "a", "b", "c");
        List<ConcurrentLinkedQueue<Delivery>> seen = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ConcurrentLinkedQueue<Delivery> got = new ConcurrentLinkedQueue<>();
            DeliverySink sink = got::add;
            Consumer c = f.session.openConsumer(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST)
                    .preSettled(true), sink);
            c.addCredit(10);
            seen.add(got);
        }
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> seen.stream().allMatch(q -> q.size() == 3));
        List<Delivery> first = new ArrayList<>(seen.get(0));
        for (ConcurrentLinkedQueue<Delivery> q : seen) {
            List<Delivery> mine = new ArrayList<>(q);
            for (int i = 0; i < 3; i++) {
                assertSame(first.get(i).message(), mine.get(i).message(), "one Message object per entry");
            }
        }
        assertEquals(1000, f.broker.addresses().find("orders").orElseThrow().consumerCount());
    }

    @Test
    void aTransactedSendAppendsOnCommitOnly() {
        StreamSink r = f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 10);
        Producer p = f.session.openProducer("orders", null);
        TransactionId tx = f.session.beginTransaction();
        StreamFixture.join(p.send(StreamFixture.text("rolled back"), tx));
        StreamFixture.join(f.session.rollback(tx));
        TransactionId tx2 = f.session.beginTransaction();
        StreamFixture.join(p.send(StreamFixture.text("committed"), tx2));
        r.assertNothingMore();
        StreamFixture.join(f.session.commit(tx2));
        r.consumer().addCredit(10);
        StreamSink.Seen s = r.next();
        assertEquals("committed", s.text());
        assertEquals(0, s.offset());
    }

    @Test
    void aSelectorFiltersWhatAReaderSees() {
        Message red = MessageBuilder.create().property("color", "red").body("red").build();
        Message blue = MessageBuilder.create().property("color", "blue").body("blue").build();
        f.send("orders", red, blue, red);
        StreamSink r = f.read(ConsumerSpec.on("orders").selector("color = 'blue'")
                .streamOffset(StreamOffset.FIRST), 10);
        StreamSink.Seen s = r.next();
        assertEquals("blue", s.text());
        assertEquals(1, s.offset());
        r.assertNothingMore();
    }

    @Test
    void unsubscribeDeletesAGroupsOffsets() {
        f.send("orders", "a", "b");
        ConsumerSpec group = ConsumerSpec.on("orders").subscription("g", true, true)
                .streamOffset(StreamOffset.FIRST);
        StreamSink m = f.read(group, 10);
        m.accept(2);
        BrokerException inUse = assertThrows(BrokerException.class, () -> f.connection.unsubscribe("g"));
        assertEquals(BrokerException.Kind.IN_USE, inUse.kind());
        m.consumer().close();
        f.connection.unsubscribe("g");
        assertEquals(List.of("a", "b"), f.read(group, 10).texts(2), "a new group starts over");
        BrokerException none = assertThrows(BrokerException.class, () -> f.connection.unsubscribe("nothing"));
        assertEquals(BrokerException.Kind.NOT_FOUND, none.kind());
    }

    @Test
    void aStreamCanBeADeadLetterAddress() {
        f.broker.addresses().declare("work", AddressKind.QUEUE,
                AddressSettings.DEFAULTS.withDeadLetterAddress("orders"));
        f.send("work", "poison");
        LinkedBlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
        Consumer worker = f.session.openConsumer(ConsumerSpec.on("work"), got::add);
        worker.addCredit(1);
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> !got.isEmpty());
        worker.settle(got.poll().id(), Outcome.REJECTED, null);
        StreamSink r = f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 10);
        StreamSink.Seen dead = r.next();
        assertEquals("poison", dead.text());
        assertEquals(0, dead.offset());
    }

    @Test
    void deletingTheStreamClosesItsReaders() {
        StreamSink r = f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 10);
        f.broker.addresses().delete("orders", true);
        BrokerException e = assertThrows(BrokerException.class, () -> r.consumer().addCredit(1));
        assertEquals(BrokerException.Kind.ILLEGAL_STATE, e.kind());
    }
}
