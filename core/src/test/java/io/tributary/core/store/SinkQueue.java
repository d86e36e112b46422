package io.tributary.core.store;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A sink that queues its deliveries for a test to take. Thread-safe. */
public final class SinkQueue implements DeliverySink {

    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    /** The next delivery, waiting up to 30 s. */
    public Delivery next() {
        Delivery d = poll(Duration.ofSeconds(30));
        assertNotNull(d, "no delivery within 30 s");
        return d;
    }

    /** The next delivery within {@code wait}, or null. */
    public Delivery poll(Duration wait) {
        try {
            return deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Nothing more arrives within a short while. */
    public void assertNothingMore() {
        assertNull(poll(Duration.ofMillis(200)), "an unexpected delivery");
    }
}
