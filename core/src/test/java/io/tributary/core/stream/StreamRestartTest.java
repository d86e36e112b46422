package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.ManualClock;
import io.tributary.core.Outcome;
import io.tributary.core.StreamOffset;
import io.tributary.core.TransactionId;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StreamOffsetRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams on a persistent store survive a restart: logs, log starts and committed offsets. */
@Timeout(120)
abstract class StreamRestartTest {

    private final ManualClock clock = new ManualClock();
    private StreamFixture running;

    /** A new store over the same database each call. */
    protected abstract MessageStore newStore();

    private StreamFixture start() {
        running = new StreamFixture(newStore(), clock);
        return running;
    }

    private StreamFixture restart() {
        running.close();
        return start();
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void restartRecoversLogsAndCommittedOffsets() {
        StreamFixture f = start().stream("orders", 3);
        for (int i = 0; i < 30; i++) {
            f.send("orders", "m" + i);
        }
        StreamSink member = f.read(ConsumerSpec.on("orders").subscription("g", true, true)
                .streamOffset(StreamOffset.FIRST), 100);
        Map<String, StreamSink.Seen> before = new HashMap<>();
        for (StreamSink.Seen s : member.next(30)) {
            before.put(s.text(), s);
            if (s.offset() < 4 || s.offset() == 6) {
                member.consumer().settle(s.id(), Outcome.ACCEPTED, null);
            }
        }
        MessageStore store = f.broker.config().store();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> store.loadStreamOffsets("orders").stream()
                .filter(r -> r.group().equals("g")).mapToLong(StreamOffsetRecord::offset).sum() == 12);

        StreamFixture g = restart();
        assertEquals(AddressKind.STREAM, g.broker.addresses().find("orders").orElseThrow().kind());
        assertEquals(30, g.count("orders"));
        for (StreamSink.Seen s : g.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 100).next(30)) {
            StreamSink.Seen was = before.get(s.text());
            assertEquals(was.partition(), s.partition(), s.text());
            assertEquals(was.offset(), s.offset(), s.text());
        }
        List<StreamSink.Seen> resumed = g.read(ConsumerSpec.on("orders").subscription("g", true, true), 100).next(18);
        assertTrue(resumed.stream().allMatch(s -> s.offset() >= 4), "resumes at the committed offset 4: " + resumed);
        g.send("orders", "after");
        StreamSink.Seen after = g.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.LAST), 1).next();
        assertEquals("after", after.text());
        assertEquals(10, after.offset(), "appends continue after the recovered offsets");
    }

    /**
     * Acknowledgements made just before a clean stop: the group's last offsets wait behind the offset write in
     * flight, and the stop stores them before it closes the store, so nothing is read again.
     */
    @Test
    void aCleanStopStoresTheLastAcknowledgedOffsets() {
        StreamFixture f = start().stream("orders", 1);
        for (int i = 0; i < 200; i++) {
            f.send("orders", "m" + i);
        }
        StreamSink member = f.read(ConsumerSpec.on("orders").subscription("g", true, true)
                .streamOffset(StreamOffset.FIRST), 300);
        member.next(200).forEach(s -> member.consumer().settle(s.id(), Outcome.ACCEPTED, null));

        StreamFixture g = restart();
        g.read(ConsumerSpec.on("orders").subscription("g", true, true), 10).assertNothingMore();
    }

    @Test
    void aTransactedAcknowledgementIsStoredWithItsTransaction() {
        StreamFixture f = start().stream("orders", 1);
        f.send("orders", "a", "b", "c");
        StreamSink member = f.read(ConsumerSpec.on("orders").subscription("g", true, true)
                .streamOffset(StreamOffset.FIRST), 10);
        TransactionId tx = f.session.beginTransaction();
        member.next(3).forEach(s -> member.consumer().settle(s.id(), Outcome.ACCEPTED, tx));
        StreamFixture.join(f.session.commit(tx));
        assertEquals(List.of(new StreamOffsetRecord("g", 0, 3)), f.broker.config().store().loadStreamOffsets("orders"),
                "stored when the commit completes");
        StreamFixture g = restart();
        g.read(ConsumerSpec.on("orders").subscription("g", true, true), 10).assertNothingMore();
    }

    @Test
    void restartKeepsTheLogStartThatRetentionMoved() {
        StreamFixture f = start().stream("orders", AddressSettings.DEFAULTS.withStream(1, null, 0, 8, null));
        for (int i = 0; i < 20; i++) {
            f.send("orders", "m" + i);
        }
        long kept = f.count("orders");
        MessageStore store = f.broker.config().store();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() ->
                store.loadStreamEntries("orders", 0, 0, 100).size() == kept);

        StreamFixture g = restart();
        assertEquals(kept, g.count("orders"));
        assertEquals(20 - kept, g.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 1).next().offset());
        assertThrows(BrokerException.class, () -> g.read(ConsumerSpec.on("orders")
                .streamOffset(StreamOffset.offset(0)), 1));
    }

    @Test
    void aDeletedStreamLeavesNothingBehind() {
        StreamFixture f = start().stream("orders", 1);
        f.send("orders", "a", "b");
        f.broker.addresses().delete("orders", true);
        StreamFixture g = restart();
        assertTrue(g.broker.addresses().find("orders").isEmpty());
        g.stream("orders", 1);
        assertEquals(0, g.count("orders"));
        g.send("orders", "c");
        assertEquals(0, g.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 1).next().offset());
    }
}
