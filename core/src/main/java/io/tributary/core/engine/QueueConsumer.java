package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.TransactionId;
import io.tributary.core.selector.Selector;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on one queue (a plain queue or a topic subscription's queue).
 *
 * <p>Thread model: the mutable fields are guarded by the queue's lock (see {@link MessageQueue});
 * the public methods may be called from any thread. The sink is only called from the queue's serial
 * executor, never under a lock.
 */
final class QueueConsumer implements Consumer {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

    final MessageQueue queue;
    final EngineSession session;
    final DeliverySink sink;
    /** A per-consumer selector (queues); topic subscriptions filter when routing instead. */
    final Selector selector;
    final boolean browse;
    final boolean preSettled;
    final boolean exclusive;

    // guarded by the queue's lock
    int credit;
    boolean draining;
    /** Also read without the lock, to skip handing out deliveries a closing consumer would drop. */
    volatile boolean closed;
    long lastDeliveryId;
    final Map<Long, QueueEntry> unsettled = new HashMap<>();
    /** What a browser has seen of its queue; null for a consumer that does not browse. */
    final BrowseCursor browsing;
    /** Deliveries made and accepted, and when the last of each was (epoch millis, 0: never), for operators. */
    long delivered;
    long acknowledged;
    long lastDeliveryTime;
    long lastAcknowledgementTime;
    /** When it attached (epoch millis). */
    final long attachedAt;
    /** Its number within the session, for operators. */
    final long linkId;
    volatile String label;

    QueueConsumer(MessageQueue queue, EngineSession session, ConsumerSpec spec, Selector selector,
                  DeliverySink sink) {
        this.queue = queue;
        this.session = session;
        this.sink = sink;
        this.selector = selector;
        this.browse = spec.browse();
        this.preSettled = spec.preSettled() || spec.browse();
        this.exclusive = spec.exclusive();
        this.linkId = session.nextLinkId();
        this.attachedAt = session.engine().now();
        this.browsing = browse ? new BrowseCursor(this, session.engine().storeReads(), session.engine().store()) : null;
    }

    @Override
    public String queueName() {
        return queue.name;
    }

    @Override
    public void addCredit(int more) {
        if (more < 0) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "consumer on queue " + queue.name
                    + ": credit " + more + " is negative; grant 0 or more");
        }
        queue.addCredit(this, more);
    }

    @Override
    public int credit() {
        return queue.credit(this);
    }

    @Override
    public void label(String name) {
        this.label = name;
    }

    /** The protocol layer's name for it, or the engine's ({@code consumer-3}) when it gave none. */
    String name() {
        String given = label;
        return given != null ? given : "consumer-" + linkId;
    }

    @Override
    public void drain() {
        queue.drain(this);
    }

    @Override
    public void settle(long deliveryId, Outcome outcome, TransactionId tx) {
        if (outcome == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "consumer on queue " + queue.name
                    + ": settle of delivery " + deliveryId + " has no outcome");
        }
        LocalTransaction transaction = tx == null ? null : session.connection().transaction(tx);
        QueueEntry e = queue.settle(this, deliveryId, outcome, transaction != null);
        if (transaction != null) {
            transaction.held(queue, e, outcome, this);
        }
    }

    @Override
    public void close() {
        session.forget(this);
        int remaining = queue.removeConsumer(this);
        if (remaining == 0 && queue.subscription != null && !queue.subscription.durable()) {
            session.engine().registry().subscriptions().dropIfUnused(queue);
        }
    }

    /** Under the queue lock: may this consumer take the entry? */
    boolean accepts(QueueEntry e) {
        return !e.undeliverableTo(this)
                && (selector == null || selector.matches(session.engine().filterable(e.message, e.deliveryCount)));
    }

    void deliverToSink(Delivery d) {
        if (closed && !d.settled()) {
            return; // closing released the entry back to the queue
        }
        try {
            sink.deliver(d);
        } catch (RuntimeException e) {
            LOG.warn("queue {}: consumer sink failed on delivery {}; the delivery stays outstanding", queue.name,
                    d.id(), e);
        }
    }

    void drainedToSink() {
        try {
            sink.drained();
        } catch (RuntimeException e) {
            LOG.warn("queue {}: consumer sink failed on drained", queue.name, e);
        }
    }

    void closedBySink(BrokerException cause) {
        session.forget(this);
        try {
            sink.closed(cause);
        } catch (RuntimeException e) {
            LOG.warn("queue {}: consumer sink failed on closed", queue.name, e);
        }
    }
}
