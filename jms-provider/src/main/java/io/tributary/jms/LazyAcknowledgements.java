package io.tributary.jms;

import io.tributary.jms.provider.AckType;
import io.tributary.jms.provider.JmsInboundMessage;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DUPS_OK_ACKNOWLEDGE (Jakarta Messaging 3.1 "Message acknowledgment": the session acknowledges lazily, duplicates
 * are allowed): consumed messages are acknowledged in batches, one provider settlement per consumer for the
 * whole batch, when half a consumer's prefetch is pending, {@value #DELAY_MILLIS} ms after the first pending
 * one, and before the session recovers, stops, or closes it or its consumer. A message is never lost: until
 * its batch is settled it stays unacknowledged at the broker, so a failure can only redeliver it.
 *
 * <p>Thread-safe: guarded by its monitor (provider calls are made outside it); used by the application thread,
 * the session thread and the shared timer thread.
 */
final class LazyAcknowledgements {

    private static final Logger LOG = LoggerFactory.getLogger(LazyAcknowledgements.class);
    /** The longest a consumed message waits for its acknowledgement while the application is busy. */
    static final long DELAY_MILLIS = 100;
    /** One daemon thread for the timers of every DUPS_OK session of this JVM; a flush only settles. */
    private static final ScheduledExecutorService TIMER = timer();

    private final TributarySession session;
    private final Map<TributaryMessageConsumer, List<Long>> pending = new LinkedHashMap<>();
    private int count;

    LazyAcknowledgements(TributarySession session) {
        this.session = session;
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "tributary-dups-ok-acknowledgements");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** A message was consumed: its acknowledgement joins the batch, which is sent when it is due. */
    void consumed(TributaryMessageConsumer consumer, JmsInboundMessage message) {
        boolean first;
        boolean due;
        synchronized (this) {
            first = count == 0;
            pending.computeIfAbsent(consumer, c -> new ArrayList<>()).add(message.deliveryId());
            count++;
            due = pending.get(consumer).size() >= Math.max(1, consumer.info.prefetch() / 2);
        }
        if (due) {
            flush();
        } else if (first) {
            TIMER.schedule(this::flush, DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends every pending acknowledgement now: one settlement per consumer. */
    void flush() {
        Map<TributaryMessageConsumer, List<Long>> batch;
        synchronized (this) {
            if (count == 0) {
                return;
            }
            batch = new LinkedHashMap<>(pending);
            pending.clear();
            count = 0;
        }
        for (Map.Entry<TributaryMessageConsumer, List<Long>> e : batch.entrySet()) {
            TributaryMessageConsumer c = e.getKey();
            if (c.destroyed()) {
                continue; // the provider released them when the consumer closed; they come again (duplicates)
            }
            long[] ids = e.getValue().stream().mapToLong(Long::longValue).toArray();
            try {
                session.connection.provider.settle(c.info, ids, AckType.ACCEPTED);
            } catch (JMSException | RuntimeException ex) {
                LOG.debug("session {}: acknowledging {} DUPS_OK deliveries of consumer {} failed; they will be "
                        + "redelivered", session.info.sessionId(), ids.length, c.info.consumerId(), ex);
            }
        }
    }
}
