package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressSettings;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.MessageStore.StoreBatch;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A persistent stream keeps only its newest segments in the heap and reads older ones from the store. */
@Timeout(60)
class StreamPagingTest {

    private static final long BUDGET = 20_000;
    private static final String PADDING = ".".repeat(1000);

    @TempDir
    Path dataDirectory;
    private MessageStore store;
    private TestStreamHost host;
    private StreamLog log;

    @BeforeEach
    void open() {
        store = JdbcMessageStore.h2(dataDirectory);
        store.start();
        host = new TestStreamHost(store);
        log = StreamLog.open("orders", AddressSettings.DEFAULTS.withMemoryBudget(BUDGET)
                .withStream(1, null, 0, 0, null), host, true);
    }

    @AfterEach
    void close() {
        host.close();
        store.close();
    }

    private void append(int from, int to) {
        for (int i = from; i < to; i++) {
            StoreBatch batch = store.batch();
            StreamLog.PendingAppend a = log.append(StreamFixture.text("m" + i + PADDING), 0, () -> batch);
            StreamFixture.join(batch.commit());
            a.publish();
            host.clock.advance(Duration.ofSeconds(1));
        }
    }

    private long heapBytes() {
        return log.partitions[0].heapBytes();
    }

    @Test
    void keepsOnlyTheNewestSegmentsInTheHeapAndReplaysOlderOnesFromTheStore() {
        append(0, 200);
        assertEquals(200, log.messageCount());
        assertTrue(heapBytes() <= BUDGET + log.segmentBytes * 2, "heap holds " + heapBytes() + " bytes of ~210,000");
        StreamSink reader = new StreamSink();
        reader.consumer(log.openConsumer(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), null, null, null,
                reader, null, () -> { }));
        reader.consumer().addCredit(500);
        List<StreamSink.Seen> all = reader.next(200);
        for (int i = 0; i < 200; i++) {
            assertEquals(i, all.get(i).offset());
            assertEquals("m" + i, all.get(i).text().replace(".", ""));
        }
        assertTrue(log.pageIns.get() > 0, "older segments came from the store");
        long pagedBound = BUDGET + log.segmentBytes * (2 + Partition.PAGED_IN);
        assertTrue(heapBytes() <= pagedBound, "after the replay the heap holds " + heapBytes());
    }

    @Test
    void aReopenedStreamRebuildsItsSegmentsFromTheIndexAndReadsMessagesOnDemand() {
        append(0, 50);
        log = StreamLog.open("orders", AddressSettings.DEFAULTS.withMemoryBudget(BUDGET)
                .withStream(1, null, 0, 0, null), host, true);
        assertEquals(50, log.messageCount());
        assertEquals(0, heapBytes(), "no message is read at start");
        append(50, 52);
        StreamSink reader = new StreamSink();
        reader.consumer(log.openConsumer(ConsumerSpec.on("orders").streamOffset(StreamOffset.offset(48)), null, null,
                null, reader, null, () -> { }));
        reader.consumer().addCredit(10);
        assertEquals(List.of(48L, 49L, 50L, 51L), reader.next(4).stream().map(StreamSink.Seen::offset).toList());
    }

    @Test
    void aReaderWhoseOldSegmentCannotBeReadGetsNothingAndDrains() {
        append(0, 100);
        store.close();
        StreamSink reader = new StreamSink();
        reader.consumer(log.openConsumer(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), null, null, null,
                reader, null, () -> { }));
        reader.consumer().addCredit(10);
        reader.assertNothingMore();
    }

    @Test
    void aTimestampInAPagedOutSegmentFindsItsOffset() {
        long start = host.clock.millis();
        append(0, 100);
        StreamSink reader = new StreamSink();
        reader.consumer(log.openConsumer(ConsumerSpec.on("orders").streamOffset(StreamOffset.timestamp(start + 10_000)),
                null, null, null, reader, null, () -> { }));
        reader.consumer().addCredit(1);
        assertEquals(10, reader.next().offset());
    }
}
