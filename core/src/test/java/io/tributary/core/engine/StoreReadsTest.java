package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Page-ins read the store on the engine's store-read threads, never on the dispatch pool: a slow database holds up
 * the queues that wait for it, not every other queue.
 */
@Timeout(60)
class StoreReadsTest {

    private static final int BUDGET = 8 * 1024;
    private static final int BACKLOG = 200;

    private final CountingStore store = new CountingStore();

    /** Enough paged queues to block every dispatch thread if page-ins ran there. */
    private static int slowQueues() {
        return Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;
    }

    private EngineFixture start(int pagedQueues) {
        BrokerConfig.Builder config = BrokerConfig.builder().store(store);
        for (int i = 0; i < pagedQueues; i++) {
            config.declare("paged-" + i, AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(BUDGET));
        }
        return new EngineFixture(config);
    }

    private static void sendBacklog(EngineFixture f, String queue) {
        Producer p = f.session.openProducer(queue, AddressKind.QUEUE);
        for (int n = 0; n < BACKLOG; n++) {
            p.send(MessageBuilder.create().durable(true).body(new byte[200]).build(), null).toCompletableFuture()
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }
        p.close();
    }

    /** Accepts each delivery as it comes (accepted entries free the budget that page-ins need) and counts them. */
    private static final class AcceptingSink implements DeliverySink {
        final AtomicInteger accepted = new AtomicInteger();
        volatile Consumer consumer;

        static AcceptingSink open(EngineFixture f, String queue) {
            AcceptingSink sink = new AcceptingSink();
            sink.consumer = f.session.openConsumer(ConsumerSpec.on(queue), sink);
            sink.consumer.addCredit(BACKLOG);
            return sink;
        }

        @Override
        public void deliver(Delivery delivery) {
            consumer.settle(delivery.id(), Outcome.ACCEPTED, null);
            accepted.incrementAndGet();
        }

        @Override
        public void drained() {
        }

        @Override
        public void closed(BrokerException cause) {
        }

        void awaitAll() {
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> accepted.get() == BACKLOG);
        }
    }

    @Test
    void pagingInReadsTheStoreOnAStoreReadThread() {
        try (EngineFixture f = start(1)) {
            sendBacklog(f, "paged-0");
            store.loadThreads.clear(); // recovery read at start, on the starting thread
            AcceptingSink.open(f, "paged-0").awaitAll();
            assertFalse(store.loadThreads.isEmpty(), "the backlog was paged out and read back");
            for (String thread : store.loadThreads) {
                assertTrue(thread.matches("tributary-\\d+-store-read-\\d+"), "page-in ran on " + thread);
            }
        }
    }

    @Test
    void dispatchServesOtherQueuesWhileStoreReadsAreSlow() {
        int slow = slowQueues();
        try (EngineFixture f = start(slow)) {
            store.loadThreads.clear();
            List<AcceptingSink> waiting = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                sendBacklog(f, "paged-" + i);
            }
            CountDownLatch release = new CountDownLatch(1);
            store.holdLoads = release;
            for (int i = 0; i < slow; i++) {
                waiting.add(AcceptingSink.open(f, "paged-" + i));
            }
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> store.heldLoads.get() == StoreReads.THREADS);

            f.send("other", "one", "two", "three");
            RecordingSink other = f.consume("other", 10);
            assertEquals(List.of("one", "two", "three"), other.nextTexts(3));

            release.countDown();
            waiting.forEach(AcceptingSink::awaitAll);
            assertEquals(StoreReads.THREADS, store.loadThreads.size(), "page-ins ran on " + store.loadThreads);
        }
    }
}
