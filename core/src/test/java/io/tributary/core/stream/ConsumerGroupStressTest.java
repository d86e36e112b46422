package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Members acknowledging on engine threads while producers append and a member leaves: nothing is lost. */
@Timeout(60)
class ConsumerGroupStressTest {

    private static final int MESSAGES = 1200;

    private final StreamFixture f = new StreamFixture().stream("wide", 6);
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger total = new AtomicInteger();

    @AfterEach
    void close() {
        f.close();
    }

    /** A member that accepts every delivery as it arrives; {@code received} counts them. */
    private Consumer member(AtomicInteger received) {
        AtomicReference<Consumer> self = new AtomicReference<>();
        DeliverySink sink = d -> {
            self.get().settle(d.id(), Outcome.ACCEPTED, null);
            seen.add(StreamSink.seen(d).text());
            received.incrementAndGet();
            total.incrementAndGet();
        };
        ConsumerSpec spec = ConsumerSpec.on("wide").subscription("g", true, true).streamOffset(StreamOffset.FIRST);
        self.set(f.connection.createSession().openConsumer(spec, sink));
        return self.get();
    }

    @Test
    void everyMessageIsAcknowledgedWhileMembersComeAndGo() {
        List<AtomicInteger> counts = List.of(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        List<Consumer> members = new ArrayList<>();
        counts.forEach(c -> members.add(member(c)));
        members.forEach(m -> m.addCredit(Integer.MAX_VALUE));
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            producers.add(CompletableFuture.runAsync(() -> {
                Producer p = f.connection.createSession().openProducer("wide", null);
                for (int i = thread; i < MESSAGES; i += 2) {
                    StreamFixture.join(p.send(StreamFixture.text("m" + i), null));
                }
            }));
        }
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> counts.get(1).get() >= 50);
        members.get(1).close();
        AtomicInteger late = new AtomicInteger();
        Consumer joined = member(late);
        joined.addCredit(Integer.MAX_VALUE);
        producers.forEach(StreamFixture::join);
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> seen.size() == MESSAGES);
        AtomicInteger before = new AtomicInteger(-1);
        Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> total.get() == before.getAndSet(total.get()));
        members.get(0).close();
        members.get(2).close();
        joined.close();
        AtomicInteger after = new AtomicInteger();
        member(after).addCredit(Integer.MAX_VALUE);
        f.send("wide", "last");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> seen.contains("last"));
        assertEquals(1, after.get(), "everything before was committed (re-reads after the rebalances included)");
    }
}
