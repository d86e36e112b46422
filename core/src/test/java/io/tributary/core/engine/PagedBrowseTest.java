package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser on a persistent queue whose backlog is many times its memory budget sees the paged-out part too,
 * in queue order, each message once, and leaves every message in the queue.
 */
@Timeout(120)
class PagedBrowseTest {

    private static final int BUDGET = 64 * 1024;
    private static final int COUNT = 4000;
    private static final int ROUND = 300;

    @TempDir
    Path dir;

    private EngineFixture start() {
        return new EngineFixture(BrokerConfig.builder().store(JdbcMessageStore.h2(dir))
                .declare("backlog", AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(BUDGET)));
    }

    /** Sends durable messages numbered 1..count, every third one with colour red, about 250 bytes each. */
    private static void sendBacklog(EngineFixture f, int count) {
        Producer p = f.session.openProducer("backlog", AddressKind.QUEUE);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            sent.add(p.send(MessageBuilder.create().durable(true).property("n", n)
                    .property("colour", n % 3 == 0 ? "red" : "blue").body(new byte[200]).build(), null)
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).orTimeout(60, TimeUnit.SECONDS).join();
        p.close();
    }

    private static int number(Delivery d) {
        return ((Number) d.message().applicationProperty("n")).intValue();
    }

    /**
     * Browses like a JMS queue browser: grants credit, drains, takes what came; ends when a drain delivered less
     * than the credit. Answers the message numbers in the order seen.
     */
    private static List<Integer> browseAll(EngineFixture f, ConsumerSpec spec) {
        RecordingSink browser = f.consume(spec.browse(true), 0);
        List<Integer> seen = new ArrayList<>();
        int delivered;
        do {
            int drainedBefore = browser.drainedCount();
            browser.consumer().addCredit(ROUND);
            browser.consumer().drain();
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(30, TimeUnit.SECONDS)
                    .until(() -> browser.drainedCount() > drainedBefore);
            delivered = browser.pending();
            for (int i = 0; i < delivered; i++) {
                Delivery d = browser.next();
                assertTrue(d.settled(), "a browsed delivery is a pre-settled copy");
                seen.add(number(d));
            }
        } while (delivered == ROUND);
        browser.consumer().close();
        return seen;
    }

    private static void assertStrictlyIncreasing(List<Integer> numbers) {
        for (int i = 1; i < numbers.size(); i++) {
            if (numbers.get(i) <= numbers.get(i - 1)) {
                throw new AssertionError("out of order or twice at position " + i + ": " + numbers.get(i - 1)
                        + " then " + numbers.get(i));
            }
        }
    }

    private static List<Integer> consumeAll(EngineFixture f, int count) {
        RecordingSink consumer = f.consume("backlog", 100);
        List<Integer> got = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Delivery d = consumer.next();
            got.add(number(d));
            consumer.consumer().settle(d.id(), Outcome.ACCEPTED, null);
            if (i % 100 == 0) {
                consumer.consumer().addCredit(100);
            }
        }
        consumer.assertNothingMore();
        return got;
    }

    /** Like assertEquals, with a short message for long lists. */
    private static void assertNumbers(List<Integer> expected, List<Integer> actual) {
        int i = 0;
        while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        if (i < expected.size() || i < actual.size()) {
            fail("got " + actual.size() + " of " + expected.size() + " messages; first difference at position " + i
                    + ": expected " + (i < expected.size() ? expected.get(i) : "none") + ", got "
                    + (i < actual.size() ? actual.get(i) : "none"));
        }
    }

    private static List<Integer> oneTo(int count) {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    @Test
    void browserSeesEveryMessageOfABacklogManyTimesTheBudgetOnceInOrder() {
        try (EngineFixture f = start()) {
            sendBacklog(f, COUNT);

            assertNumbers(oneTo(COUNT), browseAll(f, ConsumerSpec.on("backlog")));
        }
    }

    @Test
    void browsingLeavesEveryMessageOfAPagedQueueInPlace() {
        try (EngineFixture f = start()) {
            sendBacklog(f, COUNT);

            browseAll(f, ConsumerSpec.on("backlog"));
            browseAll(f, ConsumerSpec.on("backlog"));

            assertEquals(COUNT, f.count("backlog"));
            assertNumbers(oneTo(COUNT), consumeAll(f, COUNT));
        }
    }

    @Test
    void browserWithASelectorSeesExactlyTheMatchingMessagesOfAPagedQueue() {
        try (EngineFixture f = start()) {
            sendBacklog(f, COUNT);

            List<Integer> red = browseAll(f, ConsumerSpec.on("backlog").selector("colour = 'red'"));

            assertNumbers(oneTo(COUNT).stream().filter(n -> n % 3 == 0).toList(), red);
        }
    }

    @Test
    void browserSeesNoMessageTwiceWhileAConsumerDrainsThePagedQueue() throws Exception {
        try (EngineFixture f = start()) {
            sendBacklog(f, COUNT);

            CompletableFuture<List<Integer>> consumed = CompletableFuture.supplyAsync(() -> consumeAll(f, COUNT));
            List<Integer> browsed = browseAll(f, ConsumerSpec.on("backlog"));

            assertStrictlyIncreasing(browsed);
            assertNumbers(oneTo(COUNT), consumed.get(60, TimeUnit.SECONDS));
            f.awaitCount("backlog", 0);
        }
    }

    @Test
    void browserSeesMessagesSentAfterThePagedBacklogAfterIt() {
        try (EngineFixture f = start()) {
            sendBacklog(f, COUNT);
            RecordingSink browser = f.consume(ConsumerSpec.on("backlog").browse(true), COUNT + 10);
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                seen.add(number(browser.next()));
            }
            f.send("backlog", MessageBuilder.create().durable(true).property("n", COUNT + 1).build());

            assertEquals(COUNT + 1, number(browser.next()));
            assertNumbers(oneTo(COUNT), seen);
        }
    }

    @Test
    void browserWaitsOutAStoreThatCannotLoadAndThenSeesTheRest() {
        CountingStore store = new CountingStore();
        try (EngineFixture f = new EngineFixture(BrokerConfig.builder().store(store)
                .declare("backlog", AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(BUDGET)))) {
            sendBacklog(f, 1000);
            store.failLoads = true;
            RecordingSink browser = f.consume(ConsumerSpec.on("backlog").browse(true), 0);
            browser.consumer().addCredit(2000);
            browser.consumer().drain();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> store.failedLoads.get() >= 2);
            assertEquals(0, browser.drainedCount(), "the drain stays open while paged-out messages cannot be read");
            int heapPart = browser.pending();
            assertTrue(heapPart > 0 && heapPart < 1000, "saw " + heapPart + " before the store failed");

            store.failLoads = false;

            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> browser.drainedCount() == 1);
            List<Integer> seen = new ArrayList<>();
            while (browser.pending() > 0) {
                seen.add(number(browser.next()));
            }
            assertNumbers(oneTo(1000), seen);
        }
    }

    @Test
    void browserSeesNothingOfAPagedBacklogPurgedWhileItBrowses() {
        try (EngineFixture f = start()) {
            sendBacklog(f, COUNT);
            RecordingSink browser = f.consume(ConsumerSpec.on("backlog").browse(true), ROUND);
            for (int i = 1; i <= ROUND; i++) { // past the heap part, into the first load from the store
                assertEquals(i, number(browser.next()));
            }

            f.broker.addresses().purge("backlog");
            browser.consumer().addCredit(COUNT);

            browser.assertNothingMore();
            f.send("backlog", MessageBuilder.create().durable(true).property("n", COUNT + 1).build());
            browser.consumer().addCredit(1);
            assertEquals(COUNT + 1, number(browser.next()));
        }
    }

    @Test
    void browserSkipsPagedOutMessagesThatAreNotDueYetOrExpired() {
        try (EngineFixture f = start()) {
            sendBacklog(f, 1000);
            f.send("backlog", MessageBuilder.create().durable(true).property("n", 1001)
                    .deliveryTime(f.clock.millis() + 3_600_000).build());
            f.send("backlog", MessageBuilder.create().durable(true).property("n", 1002).ttl(1000).build());
            f.send("backlog", MessageBuilder.create().durable(true).property("n", 1003).build());
            f.clock.advance(Duration.ofSeconds(2));

            List<Integer> seen = browseAll(f, ConsumerSpec.on("backlog"));

            List<Integer> expected = new ArrayList<>(oneTo(1000));
            expected.add(1003);
            assertNumbers(expected, seen);
        }
    }
}
