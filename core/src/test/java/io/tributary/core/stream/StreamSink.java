package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Consumer;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.message.JmsMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.awaitility.Awaitility;

/** Records stream deliveries; knows its consumer. Thread-safe. */
final class StreamSink implements DeliverySink {

    /** A delivery seen by a test: body text, partition and offset from the annotations. */
    record Seen(long id, String text, int partition, long offset, int deliveryCount) {
    }

    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final AtomicInteger drained = new AtomicInteger();
    private volatile Consumer consumer;

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public void drained() {
        drained.incrementAndGet();
    }

    void consumer(Consumer c) {
        this.consumer = c;
    }

    Consumer consumer() {
        return consumer;
    }

    Seen next() {
        try {
            Delivery d = deliveries.poll(5, TimeUnit.SECONDS);
            assertNotNull(d, "no delivery within 5 s");
            return seen(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<Seen> next(int n) {
        List<Seen> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    List<String> texts(int n) {
        return next(n).stream().map(Seen::text).toList();
    }

    /** Takes {@code n} deliveries and accepts each. */
    List<Seen> accept(int n) {
        List<Seen> out = next(n);
        out.forEach(s -> consumer.settle(s.id(), Outcome.ACCEPTED, null));
        return out;
    }

    /** Drains and asserts that nothing (more) arrived. */
    void assertNothingMore() {
        int before = drained.get();
        consumer.drain();
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> drained.get() > before);
        assertTrue(deliveries.isEmpty(), () -> "unexpected deliveries: " + deliveries.stream().map(StreamSink::seen)
                .toList());
    }

    static Seen seen(Delivery d) {
        Object body = d.message().toProton().getBody();
        String text = body instanceof AmqpValue v ? String.valueOf(v.getValue()) : String.valueOf(body);
        Object partition = d.message().messageAnnotation(JmsMapping.STREAM_PARTITION);
        Object offset = d.message().messageAnnotation(JmsMapping.STREAM_OFFSET);
        assertTrue(partition instanceof Integer, "x-stream-partition is not an int: " + partition);
        assertTrue(offset instanceof Long, "x-stream-offset is not a long: " + offset);
        return new Seen(d.id(), text, (Integer) partition, (Long) offset, d.deliveryCount());
    }
}
