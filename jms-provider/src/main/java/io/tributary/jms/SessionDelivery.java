package io.tributary.jms;

import io.tributary.core.message.JmsMapping;
import io.tributary.jms.message.Messages;
import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.provider.AckType;
import io.tributary.jms.provider.JmsInboundMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's acknowledgement bookkeeping (Jakarta Messaging 3.1 "Message acknowledgment"): which deliveries were
 * given to the application and not yet acknowledged, and how each acknowledge mode settles them.
 * AUTO settles after receive returns or onMessage returns; DUPS_OK then hands the settlement to
 * {@link LazyAcknowledgements}, which sends it later in a batch; CLIENT keeps them until
 * {@code Message.acknowledge()}, which settles every consumed message of the session; transacted
 * sessions settle at once inside the session's transaction. Recover fails the unacknowledged ones
 * (redelivered with JMSRedelivered) and releases what is only prefetched.
 *
 * <p>Thread-safe: guarded by its monitor; used by the application thread and the session thread.
 */
final class SessionDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(SessionDelivery.class);

    private record Unacked(TributaryMessageConsumer consumer, JmsInboundMessage message) {
    }

    private final TributarySession session;
    private final LazyAcknowledgements lazy;
    private final Map<Long, Unacked> unacked = new LinkedHashMap<>();
    private long sequence;

    SessionDelivery(TributarySession session) {
        this.session = session;
        this.lazy = new LazyAcknowledgements(session);
    }

    private int mode() {
        return session.info.transacted() ? Session.SESSION_TRANSACTED : session.info.acknowledgeMode();
    }

    /** Turns a delivery into the application's message and records or settles it per the ack mode. */
    TributaryMessage prepare(TributaryMessageConsumer consumer, JmsInboundMessage in) {
        var f = in.facade();
        f.setDeliveryCount(in.deliveryCount());
        TributaryDestination from = consumer.info.destination();
        if (f.to() == null) {
            // a plain AMQP sender may leave 'to' empty: the message came from where it was consumed
            f.setTo(from.address(), from.typeCode());
        } else if (f.toType() < 0) {
            f.setTo(f.to(), from.isTopic() ? JmsMapping.TOPIC_DEST : JmsMapping.QUEUE_DEST);
        }
        if (f.expiration() == 0 && f.timeToLive() > 0) {
            // only a ttl (AMQP header): JMSExpiration counts from the arrival here
            f.setExpiration(System.currentTimeMillis() + f.timeToLive());
        }
        TributaryMessage m = Messages.wrap(f);
        m.onReceive(mode() == Session.CLIENT_ACKNOWLEDGE ? session::acknowledgeFromMessage : null);
        return m;
    }

    /** Settles or records a message that receive() is about to return. */
    void received(TributaryMessageConsumer consumer, JmsInboundMessage in) throws JMSException {
        if (in.settled()) {
            return;
        }
        int mode = mode();
        if (mode == Session.CLIENT_ACKNOWLEDGE) {
            record(consumer, in);
        } else if (mode == Session.DUPS_OK_ACKNOWLEDGE) {
            lazy.consumed(consumer, in);
        } else {
            settle(consumer, in, AckType.ACCEPTED);
        }
    }

    /** Before onMessage: records the delivery (so a recover inside onMessage can find it). */
    long beforeListener(TributaryMessageConsumer consumer, JmsInboundMessage in) throws JMSException {
        if (in.settled()) {
            return -1;
        }
        if (mode() == Session.SESSION_TRANSACTED) {
            settle(consumer, in, AckType.ACCEPTED);
            return -1;
        }
        return record(consumer, in);
    }

    /** After onMessage: AUTO and DUPS_OK acknowledge unless recover() ran; a RuntimeException fails it. */
    void afterListener(long key, boolean threw) throws JMSException {
        if (key < 0 || mode() == Session.CLIENT_ACKNOWLEDGE) {
            return;
        }
        Unacked u;
        synchronized (this) {
            u = unacked.remove(key);
        }
        if (u == null) {
            return;
        }
        if (!threw && mode() == Session.DUPS_OK_ACKNOWLEDGE) {
            lazy.consumed(u.consumer(), u.message());
        } else {
            settle(u.consumer(), u.message(), threw ? AckType.FAILED : AckType.ACCEPTED);
        }
    }

    private synchronized long record(TributaryMessageConsumer consumer, JmsInboundMessage in) {
        long key = ++sequence;
        unacked.put(key, new Unacked(consumer, in));
        return key;
    }

    private void settle(TributaryMessageConsumer consumer, JmsInboundMessage in, AckType type) throws JMSException {
        if (!consumer.destroyed()) {
            session.connection.provider.settle(consumer.info, in.deliveryId(), type);
        }
    }

    private synchronized List<Unacked> takeUnacked() {
        List<Unacked> all = new ArrayList<>(unacked.values());
        unacked.clear();
        return all;
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every consumed message of the session. */
    void acknowledgeAll() throws JMSException {
        try {
            JmsExceptions.forEach(takeUnacked(), u -> settle(u.consumer(), u.message(), AckType.ACCEPTED));
        } finally {
            session.destroyClosedConsumers();
        }
    }

    /**
     * Recover (and close): each consumer's credit is drained so nothing more is in flight, its prefetched
     * deliveries are taken out, then the unacknowledged ones fail
     * (redelivered with the count incremented), then the prefetched ones are released, so the broker
     * offers them again in their original order.
     */
    void recover(List<TributaryMessageConsumer> consumers, AckType forUnacked) throws JMSException {
        lazy.flush();
        List<Map.Entry<TributaryMessageConsumer, List<JmsInboundMessage>>> prefetched = new ArrayList<>();
        for (TributaryMessageConsumer c : consumers) {
            c.quiesce();
            prefetched.add(Map.entry(c, c.takeBuffered()));
        }
        for (Unacked u : takeUnacked()) {
            settleQuietly(u.consumer(), u.message(), forUnacked);
        }
        releasePrefetched(prefetched);
    }

    /** Rollback: takes prefetched deliveries out, rolls back, then releases them. */
    void rollback(List<TributaryMessageConsumer> consumers) throws JMSException {
        List<Map.Entry<TributaryMessageConsumer, List<JmsInboundMessage>>> prefetched = new ArrayList<>();
        for (TributaryMessageConsumer c : consumers) {
            c.quiesce();
            prefetched.add(Map.entry(c, c.takeBuffered()));
        }
        try {
            session.connection.provider.rollback(session.info);
        } finally {
            releasePrefetched(prefetched);
        }
    }

    private void releasePrefetched(List<Map.Entry<TributaryMessageConsumer, List<JmsInboundMessage>>> prefetched) {
        for (var e : prefetched) {
            for (JmsInboundMessage m : e.getValue()) {
                if (!m.settled()) {
                    settleQuietly(e.getKey(), m, AckType.RELEASED);
                }
            }
            if (!e.getKey().isClosed()) {
                e.getKey().refill();
            }
        }
    }

    private void settleQuietly(TributaryMessageConsumer c, JmsInboundMessage m, AckType type) {
        try {
            settle(c, m, type);
        } catch (JMSException e) {
            LOG.debug("session {}: settling delivery {} as {} failed", session.info.sessionId(), m.deliveryId(),
                    type, e);
        }
    }

    /** DUPS_OK: sends the acknowledgements still batched (before a stop, or a consumer closes). */
    void flushLazyAcknowledgements() {
        lazy.flush();
    }

    synchronized boolean hasUnacknowledged(TributaryMessageConsumer consumer) {
        return unacked.values().stream().anyMatch(u -> u.consumer() == consumer);
    }

    /** Runs one listener delivery on the session thread. */
    void deliver(TributaryMessageConsumer consumer, JmsInboundMessage in, MessageListener listener) {
        TributaryMessage m = prepare(consumer, in);
        long key;
        try {
            key = beforeListener(consumer, in);
        } catch (JMSException e) {
            session.connection.onAsyncException(e);
            return;
        }
        boolean threw = false;
        session.enterListener();
        try {
            listener.onMessage(m);
        } catch (RuntimeException e) {
            threw = true;
            LOG.debug("session {}: MessageListener threw; the message will be redelivered",
                    session.info.sessionId(), e);
        } finally {
            session.leaveListener();
        }
        try {
            afterListener(key, threw);
        } catch (JMSException e) {
            session.connection.onAsyncException(e);
        }
    }
}
