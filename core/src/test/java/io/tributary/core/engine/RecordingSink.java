package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.awaitility.Awaitility;

/** A sink that records what the engine hands it. Thread-safe. */
final class RecordingSink implements DeliverySink {

    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final AtomicInteger drained = new AtomicInteger();
    private final LinkedBlockingQueue<BrokerException> closed = new LinkedBlockingQueue<>();
    private Consumer consumer;

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public void drained() {
        drained.incrementAndGet();
    }

    @Override
    public void closed(BrokerException cause) {
        closed.add(cause);
    }

    RecordingSink consumer(Consumer c) {
        this.consumer = c;
        return this;
    }

    Consumer consumer() {
        return consumer;
    }

    /** The next delivery, waiting up to 5 s. */
    Delivery next() {
        try {
            Delivery d = deliveries.poll(5, TimeUnit.SECONDS);
            assertNotNull(d, "no delivery within 5 s");
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The body text of the next delivery. */
    String nextText() {
        return text(next());
    }

    List<String> nextTexts(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(nextText());
        }
        return out;
    }

    /** Drains the consumer and asserts nothing (more) was delivered before the drain finished. */
    void assertNothingMore() {
        int before = drained.get();
        consumer.drain();
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> drained.get() > before);
        assertTrue(deliveries.isEmpty(), () -> "unexpected deliveries: " + deliveries.stream().map(RecordingSink::text)
                .toList());
    }

    int drainedCount() {
        return drained.get();
    }

    BrokerException awaitClosed() {
        try {
            BrokerException e = closed.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "consumer not closed by the engine within 5 s");
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int pending() {
        return deliveries.size();
    }

    static String text(Delivery d) {
        Object body = d.message().toProton().getBody();
        assertTrue(body instanceof AmqpValue, "body is not an AmqpValue: " + body);
        return (String) ((AmqpValue) body).getValue();
    }

    static void assertTexts(List<String> expected, List<String> actual) {
        assertEquals(expected, actual);
    }
}
