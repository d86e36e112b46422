package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.QueueStatus;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole-queue retry of a dead-letter queue many times its memory budget keeps the dead-letter queue's order at the
 * target: while the retry takes the heap entries and loads batches of paged-out ones, paging loads the next
 * paged-out entries back into the heap (memory freed by the retry), and the target, with a small budget too, pages
 * what arrives.
 */
@Timeout(120)
class QueueRetryOrderTest {

    private static final int BUDGET = 16 * 1024;
    private static final int COUNT = 3000;

    @TempDir
    Path dir;

    /** Sends durable dead letters numbered 1..count (about 250 bytes each) straight to DLQ.orders, from orders. */
    private static void sendDeadLetters(EngineFixture f, int count) {
        Producer p = f.session.openProducer("DLQ.orders", AddressKind.QUEUE);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            sent.add(p.send(MessageBuilder.create().durable(true).property("n", n)
                    .annotation(JmsMapping.ORIGINAL_ADDRESS, "orders").body(new byte[200]).build(), null)
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).orTimeout(60, TimeUnit.SECONDS).join();
        p.close();
    }

    private static List<Integer> consumeAll(EngineFixture f, String queue, int count) {
        RecordingSink consumer = f.consume(queue, 100);
        List<Integer> got = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Delivery d = consumer.next();
            got.add(((Number) d.message().applicationProperty("n")).intValue());
            consumer.consumer().settle(d.id(), Outcome.ACCEPTED, null);
            if (i % 100 == 0) {
                consumer.consumer().addCredit(100);
            }
        }
        consumer.assertNothingMore();
        return got;
    }

    private static QueueStatus status(EngineFixture f, String queue) {
        return f.broker.management().queue(queue).orElseThrow();
    }

    @Test
    void retryOfAPagedDeadLetterQueueKeepsItsOrderAtAPagingTarget() {
        AddressSettings small = AddressSettings.DEFAULTS.withMemoryBudget(BUDGET);
        try (EngineFixture f = new EngineFixture(BrokerConfig.builder().store(JdbcMessageStore.h2(dir))
                .declare("orders", AddressKind.QUEUE, small)
                .declare("DLQ.orders", AddressKind.QUEUE, small))) {
            sendDeadLetters(f, COUNT);
            assertTrue(status(f, "DLQ.orders").pagedOut() > COUNT / 2, status(f, "DLQ.orders").toString());

            long retried = EngineFixture.join(f.broker.management().retry("DLQ.orders"));

            assertEquals(COUNT, retried);
            assertEquals(0, f.count("DLQ.orders"));
            assertTrue(status(f, "orders").pagedOut() > COUNT / 2, "the target pages: " + status(f, "orders"));
            List<Integer> got = consumeAll(f, "orders", COUNT);
            for (int i = 0; i < COUNT; i++) {
                if (got.get(i) != i + 1) {
                    throw new AssertionError("retried out of order: position " + i + " holds " + got.get(i)
                            + "; around it: " + got.subList(Math.max(0, i - 3), Math.min(COUNT, i + 4)));
                }
            }
        }
    }
}
