package io.tributary.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.DuplicateDetection;
import io.tributary.core.TraceSampling;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store SPI contract; each implementation runs it through a subclass. Persistent stores also run the
 * restart tests (close, open a new store on the same data).
 */
@Timeout(60)
public abstract class MessageStoreContractTest {

    protected MessageStore store;

    /** A new, not yet started store on this test's data (the same data every call within one test). */
    protected abstract MessageStore newStore() throws Exception;

    /** Opens and starts {@link #store}; a subclass that overrides this prepares its data first. */
    @BeforeEach
    protected void openStore() throws Exception {
        store = newStore();
        store.start();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static StoredReference ref(long id) {
        return new StoredReference(id, null, 4, 0, 0, 0, null);
    }

    protected static void await(CompletionStage<Void> stage) {
        stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    protected static BrokerException failure(CompletionStage<Void> stage) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join());
        return assertInstanceOf(BrokerException.class, e.getCause());
    }

    private void send(String queue, long id, String body) {
        await(store.batch().addMessage(id, bytes(body)).addReference(queue, ref(id)).commit());
    }

    private List<Long> ids(String queue) {
        return store.loadReferences(queue, 0, Integer.MAX_VALUE).stream().map(StoredReference::messageId).toList();
    }

    private static AddressSettings everySettingChanged() {
        return new AddressSettings(3, Duration.ofMillis(1500), 2.5, Duration.ofSeconds(90), "", "expired.orders",
                12_345_678L, 7, Duration.ofHours(36), 1_000_000_000L, 42L, "customer-id", true,
                new DuplicateDetection(DuplicateDetection.Mode.MESSAGE_ID, 512), new TraceSampling(true, 0.25));
    }

    @Test
    void startsEmpty() {
        assertEquals(List.of(), store.loadAddresses());
        assertEquals(List.of(), store.loadQueues());
        assertEquals(List.of(), store.loadReferences("orders", 0, 100));
        assertEquals(0, store.countReferences("orders"));
        assertEquals(0, store.maxMessageId());
    }

    @Test
    void loadsACommittedMessageWithEveryReferenceField() {
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        await(store.batch().addMessage(7, body)
                .addReference("orders",
                        new StoredReference(7, null, 9, 3, 1_700_000_000_123L, 1_800_000_000_456L, "g1"))
                .commit());

        List<StoredReference> refs = store.loadReferences("orders", 0, 10);
        assertEquals(1, refs.size());
        StoredReference r = refs.get(0);
        assertEquals(7, r.messageId());
        assertArrayEquals(body, r.encoded());
        assertEquals(9, r.priority());
        assertEquals(3, r.deliveryCount());
        assertEquals(1_700_000_000_123L, r.deliveryTime());
        assertEquals(1_800_000_000_456L, r.expiryTime());
        assertEquals("g1", r.groupId());
        assertEquals(List.of(), store.loadReferences("orders", 7, 10));
    }

    @Test
    void keepsDuplicateIdsPerAddressInSequenceOrderUntilForgottenOrTheAddressGoes() {
        await(store.batch().saveAddress(new AddressRecord("orders", AddressKind.QUEUE, AddressSettings.DEFAULTS))
                .addMessage(1, bytes("m")).addReference("orders", ref(1)).addDuplicateId("orders", "b", 2)
                .addDuplicateId("orders", "a", 1).addDuplicateId("other", "a", 1).commit());
        await(store.batch().addDuplicateId("orders", "c", 3).removeDuplicateId("orders", "a")
                .removeDuplicateId("orders", "b").addDuplicateId("orders", "b", 4).commit());

        assertEquals(List.of(new DuplicateIdRecord("c", 3), new DuplicateIdRecord("b", 4)),
                store.loadDuplicateIds("orders"), "a forgotten; b forgotten, then remembered again later");
        await(store.batch().deleteAddress("orders").commit());
        assertEquals(List.of(), store.loadDuplicateIds("orders"));
        assertEquals(List.of(new DuplicateIdRecord("a", 1)), store.loadDuplicateIds("other"));
    }

    @Test
    void storesAMessageOnceForEveryQueueThatReferencesIt() {
        await(store.batch().addMessage(1, bytes("shared")).addReference("sub-a", ref(1)).addReference("sub-b", ref(1))
                .commit());

        assertArrayEquals(bytes("shared"), store.loadReferences("sub-a", 0, 1).get(0).encoded());
        assertArrayEquals(bytes("shared"), store.loadReferences("sub-b", 0, 1).get(0).encoded());
        assertEquals(1, store.countReferences("sub-a"));
        assertEquals(1, store.countReferences("sub-b"));
    }

    @Test
    void deletesTheMessageWhenItsLastReferenceGoes() {
        await(store.batch().addMessage(1, bytes("m")).addReference("a", ref(1)).addReference("b", ref(1)).commit());

        await(store.batch().removeReference("a", 1).commit());
        assertEquals(List.of(), ids("a"));
        assertArrayEquals(bytes("m"), store.loadReferences("b", 0, 1).get(0).encoded());
        await(store.batch().addReference("c", ref(1)).commit());

        await(store.batch().removeReference("b", 1).removeReference("c", 1).commit());
        BrokerException e = failure(store.batch().addReference("d", ref(1)).commit());
        assertEquals(BrokerException.Kind.STORE_FAILURE, e.kind());
        assertEquals(List.of(), ids("d"));
    }

    @Test
    void keepsTheMessageWhenItMovesToAnotherQueueInOneBatch() {
        send("orders", 5, "poison");

        await(store.batch().removeReference("orders", 5).addReference("DLQ.orders", ref(5)).commit());

        assertEquals(List.of(), ids("orders"));
        assertArrayEquals(bytes("poison"), store.loadReferences("DLQ.orders", 0, 1).get(0).encoded());
    }

    @Test
    void replacesAReferenceRemovedAndAddedAgainInOneBatch() {
        send("orders", 5, "again");

        await(store.batch().removeReference("orders", 5)
                .addReference("orders", new StoredReference(5, null, 7, 3, 0, 0, "g")).commit());

        List<StoredReference> refs = store.loadReferences("orders", 0, 10);
        assertEquals(1, refs.size());
        assertArrayEquals(bytes("again"), refs.get(0).encoded());
        assertEquals(List.of(3, "g"), List.of(refs.get(0).deliveryCount(), refs.get(0).groupId()));
    }

    /** Messages 1..10 to queue q in a shuffled order, and 11 to queue other. */
    private void sendTenOutOfOrderAndOneElsewhere() {
        long[] order = {5, 1, 9, 3, 7, 2, 8, 4, 6, 10};
        for (long id : order) {
            send("q", id, "m" + id);
        }
        send("other", 11, "m11");
    }

    @Test
    void pagesReferencesInMessageIdOrderAfterTheGivenIdUpToTheLimit() {
        sendTenOutOfOrderAndOneElsewhere();

        assertEquals(List.of(1L, 2L, 3L), store.loadReferences("q", 0, 3).stream().map(StoredReference::messageId)
                .toList());
        assertEquals(List.of(4L, 5L, 6L), store.loadReferences("q", 3, 3).stream().map(StoredReference::messageId)
                .toList());
        List<StoredReference> tail = store.loadReferences("q", 8, 100);
        assertEquals(List.of(9L, 10L), tail.stream().map(StoredReference::messageId).toList());
        assertArrayEquals(bytes("m9"), tail.get(0).encoded());
        assertEquals(List.of(), store.loadReferences("q", 10, 100));
        assertEquals(10, store.countReferences("q"));
    }

    @Test
    void pagesReferenceIdsAloneInTheSameOrder() {
        sendTenOutOfOrderAndOneElsewhere();

        assertArrayEquals(new long[] {1, 2, 3}, store.loadReferenceIds("q", 0, 3));
        assertArrayEquals(new long[] {9, 10}, store.loadReferenceIds("q", 8, 100));
        assertArrayEquals(new long[0], store.loadReferenceIds("q", 10, 100));
        assertArrayEquals(new long[0], store.loadReferenceIds("nobody", 0, 100));
    }

    @Test
    void updatesTheDeliveryCountOfOneQueueOnly() {
        await(store.batch().addMessage(1, bytes("m")).addReference("a", ref(1)).addReference("b", ref(1)).commit());

        await(store.batch().updateDeliveryCount("a", 1, 4).commit());
        await(store.batch().updateDeliveryCount("a", 99, 1).commit());

        assertEquals(4, store.loadReferences("a", 0, 1).get(0).deliveryCount());
        assertEquals(0, store.loadReferences("b", 0, 1).get(0).deliveryCount());
        assertEquals(4, store.loadReferences("a", 0, 1).get(0).priority());
    }

    @Test
    void deleteQueueRemovesTheQueueItsReferencesAndMessagesOnlyItHeld() {
        QueueRecord q = new QueueRecord("orders", "orders", null, null, false, null, false);
        await(store.batch().saveQueue(q).commit());
        await(store.batch().addMessage(1, bytes("only")).addReference("orders", ref(1)).commit());
        await(store.batch().addMessage(2, bytes("both")).addReference("orders", ref(2)).addReference("audit", ref(2))
                .commit());

        await(store.batch().deleteQueue("orders").commit());

        assertEquals(List.of(), store.loadQueues());
        assertEquals(List.of(), ids("orders"));
        assertEquals(0, store.countReferences("orders"));
        assertArrayEquals(bytes("both"), store.loadReferences("audit", 0, 1).get(0).encoded());
        assertEquals(BrokerException.Kind.STORE_FAILURE,
                failure(store.batch().addReference("audit2", ref(1)).commit()).kind());
    }

    @Test
    void recreatesAQueueDeletedEarlierInTheSameBatch() {
        QueueRecord q = new QueueRecord("orders", "orders", null, null, false, null, false);
        await(store.batch().saveQueue(q).commit());
        send("orders", 1, "old");

        await(store.batch().deleteQueue("orders").saveQueue(q).addMessage(2, bytes("new"))
                .addReference("orders", ref(2)).commit());

        assertEquals(List.of(q), store.loadQueues());
        assertEquals(List.of(2L), ids("orders"));
    }

    @Test
    void roundTripsAddressesWithEverySetting() {
        AddressRecord orders = new AddressRecord("orders", AddressKind.QUEUE, everySettingChanged());
        AddressRecord events = new AddressRecord("events", AddressKind.STREAM, AddressSettings.DEFAULTS);
        AddressRecord prices = new AddressRecord("prices", AddressKind.TOPIC,
                AddressSettings.DEFAULTS.withDeadLetterAddress("dead").withExpiryAddress(null));

        await(store.batch().saveAddress(orders).saveAddress(events).saveAddress(prices).commit());

        List<AddressRecord> loaded = new ArrayList<>(store.loadAddresses());
        loaded.sort((x, y) -> x.name().compareTo(y.name()));
        assertEquals(List.of(events, orders, prices), loaded);
    }

    @Test
    void replacesAndDeletesAddresses() {
        await(store.batch().saveAddress(new AddressRecord("a", AddressKind.QUEUE, AddressSettings.DEFAULTS))
                .saveAddress(new AddressRecord("b", AddressKind.QUEUE, AddressSettings.DEFAULTS)).commit());
        AddressRecord changed = new AddressRecord("a", AddressKind.TOPIC, everySettingChanged());

        await(store.batch().saveAddress(changed).deleteAddress("b").commit());

        assertEquals(List.of(changed), store.loadAddresses());
    }

    @Test
    void keepsTheLastOfTwoSavesOfOneNameInOneBatch() {
        AddressRecord first = new AddressRecord("a", AddressKind.QUEUE, AddressSettings.DEFAULTS);
        AddressRecord last = new AddressRecord("a", AddressKind.TOPIC, everySettingChanged());
        QueueRecord q1 = new QueueRecord("q", "a", null, null, false, null, false);
        QueueRecord q2 = new QueueRecord("q", "a", "s", "c", true, "x = 1", true);

        await(store.batch().saveAddress(first).saveQueue(q1).addMessage(1, bytes("m"))
                .addReference("q", ref(1)).saveAddress(last).saveQueue(q2)
                .addReference("q", new StoredReference(1, null, 6, 2, 0, 0, null)).commit());

        assertEquals(List.of(last), store.loadAddresses());
        assertEquals(List.of(q2), store.loadQueues());
        assertEquals(6, store.loadReferences("q", 0, 1).get(0).priority());
    }

    @Test
    void roundTripsQueuesAndSubscriptions() {
        QueueRecord plain = new QueueRecord("orders", "orders", null, null, false, null, false);
        QueueRecord durable = new QueueRecord("app1.sub1", "prices", "sub1", "app1", false, "region = 'EU'", true);
        QueueRecord shared = new QueueRecord("shared.s2", "prices", "s2", null, true, null, false);

        await(store.batch().saveQueue(plain).saveQueue(durable).saveQueue(shared).commit());
        QueueRecord changed = new QueueRecord("app1.sub1", "prices", "sub1", "app1", false, "region = 'US'", false);
        await(store.batch().saveQueue(changed).commit());

        List<QueueRecord> loaded = new ArrayList<>(store.loadQueues());
        loaded.sort((x, y) -> x.name().compareTo(y.name()));
        assertEquals(List.of(changed, plain, shared), loaded);
    }

    @Test
    void maxMessageIdIsTheHighestEverStoredEvenAfterDeletion() {
        send("q", 12, "a");
        send("q", 40, "b");
        send("q", 30, "c");
        assertEquals(40, store.maxMessageId());

        await(store.batch().removeReference("q", 40).removeReference("q", 30).removeReference("q", 12).commit());

        assertEquals(40, store.maxMessageId());
    }

    @Test
    void anEmptyBatchCommitsAtOnceAndChangesNothing() {
        StoreBatch batch = store.batch();
        assertTrue(batch.isEmpty());

        await(batch.commit());

        assertEquals(0, store.maxMessageId());
        assertTrue(!store.batch().addMessage(1, bytes("x")).isEmpty());
    }

    @Test
    void showsNothingOfABatchBeforeItCommits() {
        StoreBatch batch = store.batch().addMessage(1, bytes("x")).addReference("q", ref(1))
                .saveQueue(new QueueRecord("q", "q", null, null, false, null, false));

        assertEquals(List.of(), ids("q"));
        assertEquals(List.of(), store.loadQueues());
        await(batch.commit());
        assertEquals(List.of(1L), ids("q"));
    }

    @Test
    void appliesNothingOfABatchThatFails() {
        send("q", 1, "kept");

        BrokerException e = failure(store.batch().addMessage(2, bytes("new")).addReference("q", ref(2))
                .removeReference("q", 1)
                .saveAddress(new AddressRecord("q", AddressKind.QUEUE, AddressSettings.DEFAULTS))
                .addReference("q", ref(99)).commit());

        assertEquals(BrokerException.Kind.STORE_FAILURE, e.kind());
        assertEquals(List.of(1L), ids("q"));
        assertEquals(List.of(), store.loadAddresses());
        assertEquals(1, store.maxMessageId());
    }

    @Test
    void aFailingBatchDoesNotFailBatchesCommittedAlongsideIt() {
        List<CompletionStage<Void>> good = new ArrayList<>();
        CompletionStage<Void> bad = null;
        for (long id = 1; id <= 200; id++) {
            good.add(store.batch().addMessage(id, bytes("m" + id)).addReference("q", ref(id)).commit());
            if (id == 100) {
                bad = store.batch().addReference("q", ref(5000)).commit();
            }
        }

        good.forEach(MessageStoreContractTest::await);
        assertEquals(BrokerException.Kind.STORE_FAILURE, failure(bad).kind());
        assertEquals(200, store.countReferences("q"));
    }

    @Test
    void commitsBatchesFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long base = t * 1000L;
                all.add(CompletableFuture.runAsync(() -> {
                    for (long i = 1; i <= 100; i++) {
                        await(store.batch().addMessage(base + i, bytes("m")).addReference("q" + base, ref(base + i))
                                .commit());
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < 8; t++) {
            assertEquals(100, store.countReferences("q" + t * 1000L));
        }
        assertEquals(7100, store.maxMessageId());
    }

    @Test
    void failsCommitsAndLoadsAfterClose() {
        StoreBatch pending = store.batch().addMessage(1, bytes("x")).addReference("q", ref(1));
        store.close();

        assertEquals(BrokerException.Kind.STORE_FAILURE, failure(pending.commit()).kind());
        BrokerException load = assertThrows(BrokerException.class, () -> store.loadReferences("q", 0, 10));
        assertEquals(BrokerException.Kind.STORE_FAILURE, load.kind());
        assertNotNull(load.getMessage());
    }

    @Test
    void keepsEverythingCommittedAcrossARestart() throws Exception {
        Assumptions.assumeTrue(store.persistent(), "only persistent stores survive a restart");
        AddressRecord address = new AddressRecord("orders", AddressKind.QUEUE, everySettingChanged());
        QueueRecord queue = new QueueRecord("app.sub", "prices", "sub", "app", false, "x > 1", true);
        await(store.batch().saveAddress(address).saveAddress(new AddressRecord("gone", AddressKind.TOPIC,
                AddressSettings.DEFAULTS)).saveQueue(queue).commit());
        await(store.batch().addMessage(3, bytes("three"))
                .addReference("orders", new StoredReference(3, null, 8, 2, 111L, 222L, "grp")).commit());
        send("orders", 4, "four");
        await(store.batch().removeReference("orders", 4).deleteAddress("gone").updateDeliveryCount("orders", 3, 5)
                .commit());
        store.close();

        store = newStore();
        store.start();

        assertEquals(List.of(address), store.loadAddresses());
        assertEquals(List.of(queue), store.loadQueues());
        List<StoredReference> refs = store.loadReferences("orders", 0, 10);
        assertEquals(1, refs.size());
        StoredReference r = refs.get(0);
        assertArrayEquals(bytes("three"), r.encoded());
        assertEquals(List.of(3L, 8, 5, 111L, 222L, "grp"),
                List.of(r.messageId(), r.priority(), r.deliveryCount(), r.deliveryTime(), r.expiryTime(), r.groupId()));
        assertEquals(4, store.maxMessageId());
    }

    @Test
    void findsTracesByTheirKeysAndPrunesByAgeAndCount() {
        List<TraceEventRecord> events = List.of(
                new TraceEventRecord(1, 10, 1_000, "received", "orders", "ID:a", "c-1", "{\"k\":\"v_1%\"}", "{}"),
                new TraceEventRecord(2, 11, 1_001, "received", "orders", "ID:b", null, null, "{}"),
                new TraceEventRecord(3, 10, 1_002, "delivered", "orders", null, null, null, "{\"n\":1}"),
                new TraceEventRecord(4, 12, 5_000, "received", "DLQ.orders", "ID:a", "c-1", null, "{}"),
                new TraceEventRecord(5, 10, 5_001, "received", "orders", "ID:other", null, null, "{}"));
        await(store.batch().addTraceEvents(events).commit());
        assertEquals(5, store.maxTraceEventId());

        assertEquals(List.of(events.get(0), events.get(2), events.get(3)), store.findTrace(
                new TraceQuery(TraceQuery.Field.MESSAGE_ID, List.of("a", "ID:a")), 10),
                "a trace ends where a later one of a reused broker id begins");
        assertEquals(List.of(events.get(3)), store.findTrace(new TraceQuery(TraceQuery.Field.CORRELATION_ID,
                List.of("c-1")), 1), "the newest traces first when there are more");
        assertEquals(List.of(events.get(0), events.get(2)), store.findTrace(new TraceQuery(
                TraceQuery.Field.PROPERTY, List.of("\"k\":\"v_1%\"")), 10));
        assertEquals(List.of(), store.findTrace(new TraceQuery(TraceQuery.Field.PROPERTY,
                List.of("\"k\":\"vx1%\"")), 10), "LIKE wildcards in the value are literal");

        await(store.batch().pruneTrace(1_002, 3).commit());
        assertEquals(List.of(events.get(3)), store.findTrace(new TraceQuery(TraceQuery.Field.MESSAGE_ID,
                List.of("ID:a")), 10));
        await(store.batch().pruneTrace(0, 4).commit());
        assertEquals(5, store.maxTraceEventId());
        assertEquals(List.of(), store.findTrace(new TraceQuery(TraceQuery.Field.MESSAGE_ID, List.of("ID:a")), 10));
    }
}
