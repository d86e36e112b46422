package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.DuplicateIdRecord;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.store.StoredReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store's message journal: what a restart reads back (after removals, delivery counts, a queue dropped, a
 * torn tail, a group whose database part did not commit), how it frees space (segments with nothing live deleted, a
 * long-lived message moved forward), and that messages an earlier version kept in the database move into it.
 */
@Timeout(120)
class MessageJournalTest {

    private static final long SEGMENT = 64 * 1024;

    @TempDir
    Path dataDirectory;

    private JdbcMessageStore store;

    private JdbcMessageStore open() {
        store = JdbcMessageStore.h2(dataDirectory).journal(true).journalSegmentSize(SEGMENT);
        store.start();
        return store;
    }

    private JdbcMessageStore reopen() {
        store.close();
        return open();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static byte[] body(String text, int size) {
        byte[] b = new byte[size];
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, b, 0, t.length);
        return b;
    }

    private static StoredReference ref(long id, int deliveryCount) {
        return new StoredReference(id, null, 7, deliveryCount, 11, 22, "g" + id);
    }

    private static void await(CompletionStage<Void> stage) {
        stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private List<Long> ids(String queue) {
        return store.loadReferences(queue, 0, 100_000).stream().map(StoredReference::messageId).toList();
    }

    private Path journalDirectory() {
        return dataDirectory.toAbsolutePath().resolve("journal");
    }

    @Test
    void aRestartReadsBackWhatTheRecordsLeft() {
        open();
        for (long id = 1; id <= 5; id++) {
            await(store.batch().addMessage(id, body("m" + id, 100)).addReference("q", ref(id, 0))
                    .addReference("t", ref(id, 0)).commit());
        }
        await(store.batch().removeReference("q", 2).removeReference("t", 2).updateDeliveryCount("q", 3, 4)
                .addDuplicateId("q", "first", 1).addDuplicateId("q", "second", 2).addDuplicateId("gone", "x", 1)
                .commit());
        await(store.batch().deleteQueue("t").removeDuplicateId("q", "first").addDuplicateId("q", "third", 3)
                .deleteAddress("gone").commit());

        reopen();
        assertEquals(List.of(new DuplicateIdRecord("second", 2), new DuplicateIdRecord("third", 3)),
                store.loadDuplicateIds("q"));
        assertEquals(List.of(), store.loadDuplicateIds("gone"));

        assertEquals(List.of(1L, 3L, 4L, 5L), ids("q"));
        assertEquals(List.of(), ids("t"));
        StoredReference three = store.loadReferences("q", 2, 1).get(0);
        assertEquals(new StoredReference(3, null, 7, 4, 11, 22, "g3"),
                new StoredReference(three.messageId(), null, three.priority(), three.deliveryCount(),
                        three.deliveryTime(), three.expiryTime(), three.groupId()));
        assertArrayEquals(body("m3", 100), three.encoded());
        assertEquals(5, store.maxMessageId());
        assertEquals(4, store.countReferences("q"));
    }

    @Test
    void aMessageOfManyQueuesLivesUntilItsLastReferenceAndMovesWithADeadLetter() {
        open();
        await(store.batch().addMessage(1, body("fan", 200)).addReference("s1", ref(1, 0)).addReference("s2", ref(1, 0))
                .addReference("s3", ref(1, 0)).commit());
        await(store.batch().removeReference("s1", 1).commit());
        // a dead letter moves: its reference goes from s2 to the dead-letter queue in one batch
        await(store.batch().removeReference("s2", 1).addReference("dlq", ref(1, 5)).commit());
        reopen();
        assertEquals(List.of(), ids("s1"));
        assertEquals(List.of(), ids("s2"));
        assertEquals(List.of(1L), ids("s3"));
        assertEquals(5, store.loadReferences("dlq", 0, 1).get(0).deliveryCount());
        assertArrayEquals(body("fan", 200), store.loadReferences("dlq", 0, 1).get(0).encoded());

        await(store.batch().removeReference("s3", 1).commit());
        await(store.batch().removeReference("dlq", 1).commit());
        // gone: a reference to it is refused like one to a message never stored
        CompletionException refused = assertThrows(CompletionException.class,
                () -> await(store.batch().addReference("s4", ref(1, 0)).commit()));
        assertTrue(refused.getCause().getMessage().contains("message 1 is not stored"), refused.getMessage());
        reopen();
        assertEquals(0, store.countReferences("dlq") + store.countReferences("s3"));
    }

    @Test
    void aTornTailIsCutAndWritingGoesOnInANewSegment() throws IOException {
        open();
        await(store.batch().addMessage(1, body("kept", 50)).addReference("q", ref(1, 0)).commit());
        await(store.batch().addMessage(2, body("torn", 50)).addReference("q", ref(2, 0)).commit());
        store.close();
        Path last = segments().get(segments().size() - 1);
        long end = lastRecordEnd(last);
        try (FileChannel c = FileChannel.open(last, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55}), end - 20); // inside the last record
        }

        open();
        assertEquals(List.of(1L), ids("q"));
        await(store.batch().addMessage(3, body("after", 50)).addReference("q", ref(3, 0)).commit());
        reopen();
        assertEquals(List.of(1L, 3L), ids("q"));
    }

    @Test
    void aGroupWhoseDatabasePartDidNotCommitDoesNotCount() throws IOException {
        open();
        await(store.batch().addMessage(1, body("a", 10)).addReference("q", ref(1, 0)).commit());
        MessageJournal journal = store.journalForTests();
        long marker = journal.nextMarker();
        // as the writer does it, but the database transaction that would set the marker never runs (a crash)
        store.close();
        try (MessageJournal direct = MessageJournal.open(journalDirectory(), SEGMENT, 0, Set.of())) {
            direct.append(List.of(new Op.AddMessage(2, body("b", 10)), new Op.AddReference("q", ref(2, 0))),
                    marker);
        }

        open();
        assertEquals(List.of(1L), ids("q"));
        // a mixed group after the restart gets a marker beyond the one left behind
        await(store.batch().addMessage(3, body("c", 10)).addReference("q", ref(3, 0))
                .saveAddress(new AddressRecord("q", AddressKind.QUEUE, AddressSettings.DEFAULTS)).commit());
        reopen();
        assertEquals(List.of(1L, 3L), ids("q"));
        assertEquals(1, store.loadAddresses().size());
    }

    @Test
    void anAcknowledgementWaitsForTheNextSyncInsteadOfTakingOne() throws IOException {
        try (MessageJournal j = MessageJournal.open(journalDirectory(), SEGMENT, 0, Set.of())) {
            for (long id = 1; id <= 3; id++) {
                j.apply(j.append(List.of(new Op.AddMessage(id, body("m" + id, 100)), new Op.AddReference("q",
                        ref(id, 0))), 0));
            }
            long syncs = j.syncs();
            assertEquals(3, syncs);
            j.apply(j.append(List.of(new Op.RemoveReference("q", 1)), 0, false));
            assertEquals(syncs, j.syncs(), "an acknowledgement alone took a sync");
            assertTrue(j.unsynced());
            j.apply(j.append(List.of(new Op.AddMessage(4, body("m4", 100)), new Op.AddReference("q", ref(4, 0))),
                    0));
            assertEquals(syncs + 1, j.syncs());
            assertFalse(j.unsynced(), "the next record's sync covers the acknowledgement before it");

            j.apply(j.append(List.of(new Op.RemoveReference("q", 2)), 0, false));
            // a record too big for the rest of the segment starts the next one: the one before is synced first
            j.apply(j.append(List.of(new Op.AddMessage(5, body("m5", (int) SEGMENT - 200)),
                    new Op.AddReference("q", ref(5, 0))), 0));
            assertEquals(syncs + 3, j.syncs());
            j.apply(j.append(List.of(new Op.RemoveReference("q", 5)), 0, false));
            assertTrue(j.unsynced());
        } // closing syncs
        open();
        assertEquals(List.of(3L, 4L), ids("q"));
    }

    @Test
    void anAcknowledgementAloneIsSyncedSoonAfter() {
        open();
        await(store.batch().addMessage(1, body("a", 10)).addReference("q", ref(1, 0)).commit());
        MessageJournal journal = store.journalForTests();
        long syncs = journal.syncs();
        await(store.batch().removeReference("q", 1).commitEventually());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !journal.unsynced());
        assertEquals(syncs + 1, journal.syncs());
    }

    @Test
    void acknowledgementsRideWithTheNextSendInsteadOfAWriteOfTheirOwn() {
        store = JdbcMessageStore.h2(dataDirectory).journal(true).journalSegmentSize(SEGMENT).journalIdleMillis(60_000);
        store.start();
        await(store.batch().addMessage(1, body("m1", 100)).addReference("q", ref(1, 0)).commit());
        long before = store.transactionsWritten();
        CompletionStage<Void> ack = store.batch().removeReference("q", 1).updateDeliveryCount("q", 1, 2)
                .commitEventually();
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> !ack.toCompletableFuture().isDone());
        assertEquals(before, store.transactionsWritten(), "an acknowledgement alone woke the writer");
        await(store.batch().addMessage(2, body("m2", 100)).addReference("q", ref(2, 0)).commit());
        await(ack);
        assertEquals(before + 1, store.transactionsWritten(), "the acknowledgement took a write of its own");
        reopen();
        assertEquals(List.of(2L), ids("q"));
    }

    @Test
    void segmentsWithNothingLiveAreDeletedAndALongLivedMessageMovesForward() throws IOException {
        open();
        await(store.batch().addMessage(1, body("stays", 1000)).addReference("dlq", ref(1, 3)).commit());
        for (long id = 2; id <= 2000; id++) {
            await(store.batch().addMessage(id, body("m" + id, 1000)).addReference("q", ref(id, 0)).commit());
            await(store.batch().removeReference("q", id).commit());
        }
        // 2 MB went through 64 KiB segments: only the last few stay (deleted on the allocator thread), the
        // long-lived message moved forward
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> segments().size() <= 4);
        assertTrue(firstSegmentNumber() > 10, "the first segments were not deleted: " + segments());

        reopen();
        assertEquals(List.of(1L), ids("dlq"));
        assertArrayEquals(body("stays", 1000), store.loadReferences("dlq", 0, 1).get(0).encoded());
        assertEquals(3, store.loadReferences("dlq", 0, 1).get(0).deliveryCount());
        assertEquals(List.of(), ids("q"));
        assertEquals(2000, store.maxMessageId());
    }

    @Test
    void aDenseOldSegmentMovesForwardAMegabyteAtATimeOnceTheJournalIsMostlyGarbage() throws IOException {
        store = JdbcMessageStore.h2(dataDirectory).journal(true).journalSegmentSize(4L * 1024 * 1024);
        store.start();
        for (long id = 1; id <= 350; id++) { // 3.5 MiB that stays: the first segment is dense
            await(store.batch().addMessage(id, body("stuck" + id, 10_000)).addReference("stuck", ref(id, 0)).commit());
        }
        for (long id = 1000; id < 4000; id++) { // 30 MiB through another queue
            await(store.batch().addMessage(id, body("m" + id, 10_000)).addReference("flow", ref(id, 0)).commit());
            await(store.batch().removeReference("flow", id).commit());
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> segments().size() <= 5);
        assertTrue(firstSegmentNumber() > 1, "the dense first segment was not moved: " + segments());

        reopen();
        List<StoredReference> stuck = store.loadReferences("stuck", 0, 1000);
        assertEquals(350, stuck.size());
        for (StoredReference r : stuck) {
            assertArrayEquals(body("stuck" + r.messageId(), 10_000), r.encoded());
        }
    }

    @Test
    void aSegmentWithoutTheJournalsHeaderIsSetAsideAndNotRead() throws IOException {
        open();
        await(store.batch().addMessage(1, body("a", 10)).addReference("q", ref(1, 0)).commit());
        store.close();
        Path foreign = journalDirectory().resolve("0000000099.seg");
        Files.write(foreign, "not a journal segment at all".getBytes(StandardCharsets.UTF_8));

        open();
        assertEquals(List.of(1L), ids("q"));
        assertTrue(Files.exists(journalDirectory().resolve("0000000099.seg.unreadable")));
        await(store.batch().addMessage(2, body("b", 10)).addReference("q", ref(2, 0)).commit());
        reopen();
        assertEquals(List.of(1L, 2L), ids("q"));
    }

    @Test
    void messagesAnEarlierVersionKeptInTheDatabaseMoveIntoTheJournal() throws SQLException {
        store = JdbcMessageStore.h2(dataDirectory).journal(false);
        store.start();
        await(store.batch().saveQueue(new QueueRecord("q", "q", null, null, false, null,
                false)).commit());
        for (long id = 1; id <= 600; id++) {
            await(store.batch().addMessage(id, body("old" + id, 100)).addReference("q", ref(id, 1)).commit());
        }
        // a reference whose queue has no row of its own moves too, and the duplicate ids
        await(store.batch().addMessage(601, body("rowless", 10)).addReference("rowless", ref(601, 0))
                .addDuplicateId("q", "once", 7).commit());
        store.close();

        open();
        assertEquals(List.of(new DuplicateIdRecord("once", 7)), store.loadDuplicateIds("q"));
        assertEquals(600, ids("q").size());
        assertEquals(List.of(601L), ids("rowless"));
        assertArrayEquals(body("old600", 100), store.loadReferences("q", 599, 1).get(0).encoded());
        await(store.batch().removeReference("q", 1).commit());
        reopen();
        assertEquals(599, ids("q").size());
        String url = store.url();
        store.close();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + Schema.REF + ") + (SELECT COUNT(*) FROM "
                     + Schema.DUPLICATE_ID + ")")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "the database still holds the moved references or duplicate ids");
        }
    }

    @Test
    void aNewDataDirectoryGetsTheJournalAndOneWhoseMessagesAreInTheTablesKeepsThem() {
        store = JdbcMessageStore.h2(dataDirectory.resolve("new"));
        store.start();
        assertTrue(store.journalEnabled());
        store.close();

        Path older = dataDirectory.resolve("older");
        store = JdbcMessageStore.h2(older).journal(false);
        store.start();
        await(store.batch().addMessage(1, body("a", 10)).addReference("q", ref(1, 0)).commit());
        store.close();
        store = JdbcMessageStore.h2(older);
        store.start();
        assertFalse(store.journalEnabled());
        assertEquals(List.of(1L), ids("q"));
    }

    @Test
    void aDataDirectoryWithAJournalKeepsUsingIt() {
        open();
        await(store.batch().addMessage(1, body("a", 10)).addReference("q", ref(1, 0)).commit());
        store.close();
        store = JdbcMessageStore.h2(dataDirectory).journal(false);
        store.start();
        assertEquals(List.of(1L), ids("q"));
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(journalDirectory())) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private int firstSegmentNumber() throws IOException {
        return Integer.parseInt(segments().get(0).getFileName().toString().substring(0, 10));
    }

    /** Where the records of a segment end (the first zero length). */
    private static long lastRecordEnd(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        int at = MessageJournal.SEGMENT_HEADER;
        while (at + 8 <= b.limit() && b.getInt(at) > 0) {
            at += 8 + b.getInt(at);
        }
        return at;
    }
}
