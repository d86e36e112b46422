package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StreamEntryRecord;
import io.tributary.core.store.StreamIndexRecord;
import io.tributary.core.store.StreamOffsetRecord;
import io.tributary.core.store.StreamPartitionRecord;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stream part of the store SPI, run against every store. */
@Timeout(60)
abstract class StreamStoreContractTest {

    protected MessageStore store;

    protected abstract MessageStore newStore();

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        store.start();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void commit(MessageStore.StoreBatch b) {
        StreamFixture.join(b.commit());
    }

    private void append(String stream, int partition, long from, long to) {
        MessageStore.StoreBatch b = store.batch();
        for (long o = from; o < to; o++) {
            b.appendStreamEntry(stream, partition, o, 1000 + o, bytes(stream + partition + ":" + o));
        }
        commit(b);
    }

    @Test
    void appendedEntriesComeBackByRangeInOffsetOrder() {
        append("s", 0, 0, 10);
        append("s", 1, 0, 3);
        List<StreamEntryRecord> range = store.loadStreamEntries("s", 0, 4, 3);
        assertEquals(List.of(4L, 5L, 6L), range.stream().map(StreamEntryRecord::offset).toList());
        assertEquals(1005, range.get(1).timestamp());
        assertEquals("s0:5", new String(range.get(1).encoded(), StandardCharsets.UTF_8));
        assertEquals(List.of(new StreamPartitionRecord(0, 0, 10), new StreamPartitionRecord(1, 0, 3)),
                store.loadStreamPartitions("s"));
        assertTrue(store.loadStreamPartitions("other").isEmpty());
        assertEquals(List.of(new StreamIndexRecord(4, 1004, 4), new StreamIndexRecord(5, 1005, 4)),
                store.loadStreamIndex("s", 0, 4, 2));
    }

    @Test
    void truncationMovesTheLogStartEvenPastEveryEntry() {
        append("s", 0, 0, 10);
        commit(store.batch().truncateStream("s", 0, 6));
        assertEquals(List.of(new StreamPartitionRecord(0, 6, 10)), store.loadStreamPartitions("s"));
        assertEquals(6, store.loadStreamEntries("s", 0, 0, 100).get(0).offset());
        commit(store.batch().truncateStream("s", 0, 8).truncateStream("s", 0, 10));
        assertEquals(List.of(new StreamPartitionRecord(0, 10, 10)), store.loadStreamPartitions("s"));
        assertTrue(store.loadStreamEntries("s", 0, 0, 100).isEmpty());
    }

    @Test
    void committedOffsetsAreKeptPerGroupAndPartition() {
        commit(store.batch().saveStreamOffset("s", "g", 0, 4).saveStreamOffset("s", "g", 1, 2)
                .saveStreamOffset("s", "h", 0, 1));
        commit(store.batch().saveStreamOffset("s", "g", 0, 6).saveStreamOffset("s", "g", 0, 7));
        assertEquals(List.of(new StreamOffsetRecord("g", 0, 7), new StreamOffsetRecord("g", 1, 2),
                new StreamOffsetRecord("h", 0, 1)), sorted(store.loadStreamOffsets("s")));
        commit(store.batch().deleteStreamGroup("s", "g"));
        assertEquals(List.of(new StreamOffsetRecord("h", 0, 1)), store.loadStreamOffsets("s"));
    }

    private static List<StreamOffsetRecord> sorted(List<StreamOffsetRecord> records) {
        return records.stream().sorted(Comparator.comparing(StreamOffsetRecord::group)
                .thenComparingInt(StreamOffsetRecord::partition)).toList();
    }

    @Test
    void deletingAStreamRemovesEntriesLogStartsAndOffsetsAndAppendsInTheSameBatchAfterwardsStay() {
        append("s", 0, 0, 5);
        append("t", 0, 0, 2);
        commit(store.batch().truncateStream("s", 0, 2).saveStreamOffset("s", "g", 0, 3));
        commit(store.batch().deleteStream("s").appendStreamEntry("s", 0, 0, 1, bytes("again")));
        assertEquals(List.of(new StreamPartitionRecord(0, 0, 1)), store.loadStreamPartitions("s"));
        assertTrue(store.loadStreamOffsets("s").isEmpty());
        assertEquals(2, store.loadStreamEntries("t", 0, 0, 10).size());
    }
}
