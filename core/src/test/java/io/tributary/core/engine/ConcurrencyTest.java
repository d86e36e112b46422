package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.AddressKind;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConcurrencyTest {

    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 5_000;

    private final EngineFixture f = new EngineFixture();
    private final ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS);

    @AfterEach
    void close() {
        threads.shutdownNow();
        f.close();
    }

    /** Accepts most deliveries, releases or fails some, settling from inside the sink as protocol layers may. */
    private static final class SettlingSink implements DeliverySink {
        final Map<String, Integer> accepted;
        Consumer consumer;

        SettlingSink(Map<String, Integer> accepted) {
            this.accepted = accepted;
        }

        @Override
        public void deliver(Delivery d) {
            int dice = ThreadLocalRandom.current().nextInt(10);
            Outcome outcome = dice == 0 ? Outcome.RELEASED : dice == 1 ? Outcome.FAILED : Outcome.ACCEPTED;
            if (outcome == Outcome.ACCEPTED) {
                accepted.merge(RecordingSink.text(d), 1, Integer::sum);
            }
            consumer.settle(d.id(), outcome, null);
            consumer.addCredit(1);
        }
    }

    private void produceConcurrently(String address, AddressKind kind) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            done.add(threads.submit(() -> {
                Producer out = f.connection.createSession().openProducer(address, kind);
                for (int i = 0; i < PER_PRODUCER; i++) {
                    EngineFixture.join(out.send(MessageBuilder.create().body(producer + "-" + i).build(), null));
                }
            }));
        }
        for (Future<?> d : done) {
            d.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyMessageIsAcceptedExactlyOnceUnderConcurrentProducersAndConsumers() throws Exception {
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        for (int c = 0; c < 3; c++) {
            SettlingSink sink = new SettlingSink(accepted);
            sink.consumer = f.connection.createSession().openConsumer(ConsumerSpec.on("q"), sink);
            sink.consumer.addCredit(50);
        }
        produceConcurrently("q", null);
        int total = PRODUCERS * PER_PRODUCER;
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> accepted.size() == total);
        f.awaitCount("q", 0);
        assertEquals(total, accepted.values().stream().mapToInt(Integer::intValue).sum(), "accepted twice");
        assertEquals(Optional.empty(), f.broker.addresses().find("DLQ.q"), "nothing failed 10 times");
    }

    @Test
    void everySubscriberGetsEveryMessageUnderConcurrentPublishers() throws Exception {
        List<AtomicInteger> counts = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            AtomicInteger count = new AtomicInteger();
            counts.add(count);
            Consumer[] self = new Consumer[1];
            self[0] = f.session.openConsumer(ConsumerSpec.on("news").kind(AddressKind.TOPIC).preSettled(true), d -> {
                count.incrementAndGet();
                self[0].addCredit(1);
            });
            self[0].addCredit(100);
        }
        produceConcurrently("news", AddressKind.TOPIC);
        int total = PRODUCERS * PER_PRODUCER;
        Awaitility.await().atMost(30, TimeUnit.SECONDS)
                .until(() -> counts.stream().allMatch(c -> c.get() == total));
    }
}
