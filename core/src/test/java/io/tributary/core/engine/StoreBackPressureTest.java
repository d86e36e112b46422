package io.tributary.core.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumers of a persistent queue cannot run ahead of the store's acknowledgement writes without bound. */
@Timeout(60)
class StoreBackPressureTest {

    @Test
    void dispatchPausesWhileAcknowledgementWritesAreBehindAndResumesWhenTheStoreCatchesUp() throws Exception {
        int total = BrokerEngine.MAX_BACKGROUND_WRITES + 500;
        CountingStore store = new CountingStore();
        try (Broker broker = Broker.start(BrokerConfig.builder().store(store).build())) {
            BrokerSession session = broker.connect(new ConnectionInfo("c", null, null)).createSession();
            Producer producer = session.openProducer("acks", null);
            byte[] body = new byte[16];
            CompletableFuture<?>[] sent = new CompletableFuture<?>[total];
            for (int i = 0; i < total; i++) {
                sent[i] = producer.send(MessageBuilder.create().durable(true).body(body).build(), null)
                        .toCompletableFuture();
            }
            CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);

            CompletableFuture<Void> slowDisk = new CompletableFuture<>();
            store.gate = slowDisk;
            AtomicInteger delivered = new AtomicInteger();
            Consumer[] consumer = new Consumer[1];
            consumer[0] = session.openConsumer(ConsumerSpec.on("acks"), new DeliverySink() {
                @Override
                public void deliver(Delivery d) {
                    delivered.incrementAndGet();
                    consumer[0].settle(d.id(), Outcome.ACCEPTED, null);
                }
            });
            consumer[0].addCredit(total);

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() >= BrokerEngine.MAX_BACKGROUND_WRITES);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> delivered.get() < total);

            store.gate = null;
            slowDisk.complete(null);
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() == total);
            assertEquals(total, delivered.get());
        }
    }
}
