package io.tributary.jms;

import io.tributary.jms.provider.AckType;
import io.tributary.jms.provider.JmsConsumerInfo;
import io.tributary.jms.provider.JmsInboundMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A message consumer: a prefetch buffer filled by provider deliveries (ordered by priority, then
 * arrival) and emptied by receive calls or the session's listener thread. It keeps the provider's
 * credit topped up so that credit plus buffered deliveries stay near the prefetch window.
 *
 * <p>Thread-safe: the buffer and credit live in a {@link PrefetchBuffer}; deliveries arrive on provider
 * threads, receives on application threads, listener dispatch on the session thread.
 */
final class TributaryMessageConsumer implements QueueReceiver, TopicSubscriber {

    final TributarySession session;
    final JmsConsumerInfo info;
    private final PrefetchBuffer buffer;
    private final AtomicBoolean dispatchScheduled = new AtomicBoolean();
    private volatile MessageListener listener;
    private volatile boolean closed;
    private volatile boolean destroyed;
    /** Set once the provider consumer exists: credit is granted only to an opened consumer. */
    private volatile boolean opened;
    private volatile JMSException remoteClose;

    TributaryMessageConsumer(TributarySession session, JmsConsumerInfo info) {
        this.session = session;
        this.info = info;
        this.buffer = new PrefetchBuffer(info.prefetch());
    }

    /** Opens it on the provider; credit follows once the connection is started. */
    void open() throws JMSException {
        session.connection.provider.createConsumer(info);
        opened = true;
        topUp();
    }

    // ---- provider side ----

    void onInbound(JmsInboundMessage m) {
        buffer.add(m);
        if (listener != null) {
            scheduleDispatch();
        }
    }

    void onRemoteClose(JMSException cause) {
        remoteClose = cause;
        destroyed = true;
        buffer.wakeUp();
    }

    void scheduleDispatch() {
        if (dispatchScheduled.compareAndSet(false, true)) {
            session.dispatcher.execute(this::dispatchAll);
        }
    }

    private void dispatchAll() {
        dispatchScheduled.set(false);
        while (!closed && listener != null && session.connection.started() && !session.closing()) {
            JmsInboundMessage m = poll();
            if (m == null) {
                return;
            }
            session.deliverToListener(this, m, listener);
        }
    }

    /**
     * Takes the next buffered delivery that has not expired, or null; tops up credit. A delivery that
     * expired while it was buffered is released, so the broker expires it (to its expiry address).
     */
    JmsInboundMessage poll() {
        while (true) {
            JmsInboundMessage m = pollBuffer();
            if (m == null || !expired(m)) {
                return m;
            }
            if (!m.settled() && !destroyed) {
                try {
                    session.connection.provider.settle(info, m.deliveryId(), AckType.RELEASED);
                } catch (JMSException e) {
                    LoggerFactory.getLogger(TributaryMessageConsumer.class)
                            .debug("consumer {}: releasing expired delivery {} failed", info.consumerId(),
                                    m.deliveryId(), e);
                }
            }
        }
    }

    private static boolean expired(JmsInboundMessage m) {
        long expiration = m.facade().expiration();
        return expiration != 0 && expiration <= System.currentTimeMillis();
    }

    private JmsInboundMessage pollBuffer() {
        JmsInboundMessage m = buffer.poll();
        if (m != null) {
            topUp();
        }
        return m;
    }

    /** Removes every buffered delivery (for recover, rollback and close), in order. */
    List<JmsInboundMessage> takeBuffered() {
        return buffer.takeAll();
    }

    /**
     * Stops deliveries towards this consumer and waits until none is in flight: the provider's credit is
     * drained. Recover and rollback call it before they take the buffer out, so that a delivery the broker
     * sent just before cannot land in the buffer afterwards, ahead of the redelivered messages.
     */
    void quiesce() throws JMSException {
        if (destroyed) {
            return;
        }
        try {
            session.connection.provider.drain(info).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw JmsExceptions.fromFuture(e);
        }
        buffer.creditDrained();
    }

    /**
     * Grants the provider more credit when the window rule says so. A stopped connection grants none, so that
     * a consumer that is not handing messages out does not take them from consumers that are (start() calls
     * {@link #refill()}). Design note: {@code open} sets {@code opened} before it reads {@code started} and
     * start() sets {@code started} before it refills, so at least one of them grants the first window.
     */
    private void topUp() {
        if (!opened || destroyed || info.prefetch() == 0 || !session.connection.started()) {
            return;
        }
        int grant = buffer.creditToGrant();
        if (grant > 0) {
            session.connection.provider.credit(info, grant);
        }
    }

    /** Tops the credit up after buffered deliveries were taken out, or the connection started. */
    void refill() {
        topUp();
    }

    /**
     * The connection stopped: takes the credit back and releases what is buffered and not handed out (not a
     * delivery attempt), so that the messages go to consumers that are running. Called after the session's
     * listener in progress has returned.
     */
    void onConnectionStop() throws JMSException {
        if (!opened || destroyed || closed || info.browser()) {
            return;
        }
        quiesce();
        releaseBuffered();
    }

    /** Asks the provider for what is available now (receiveNoWait, browsers) and restores the window. */
    void drainAndRefill(int extraCredit) throws JMSException {
        if (destroyed) {
            return;
        }
        if (extraCredit > 0) {
            buffer.addCredit(extraCredit);
            session.connection.provider.credit(info, extraCredit);
        }
        quiesce();
        topUp();
    }

    // ---- application side ----

    void checkClosed() throws IllegalStateException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("message consumer");
        }
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkClosed();
        return info.selector();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkClosed();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener value) throws JMSException {
        checkClosed();
        this.listener = value;
        if (value != null) {
            scheduleDispatch();
        }
    }

    @Override
    public Message receive() throws JMSException {
        return receive(0);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout, null);
    }

    /** Receives; with {@code bodyType}, a message whose body is not of that type is not consumed. */
    Message receive(long timeout, Class<?> bodyType) throws JMSException {
        checkReceive();
        JmsInboundMessage m = await(timeout <= 0 ? Long.MAX_VALUE : timeout);
        return m == null ? null : session.deliverToReceiver(this, m, bodyType);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receiveNoWait(null);
    }

    Message receiveNoWait(Class<?> bodyType) throws JMSException {
        checkReceive();
        JmsInboundMessage m = null;
        if (session.connection.started()) {
            m = poll();
            if (m == null) {
                drainAndRefill(info.prefetch() > 0 ? 0 : 1);
                m = poll();
            }
        }
        return m == null ? null : session.deliverToReceiver(this, m, bodyType);
    }

    private void checkReceive() throws JMSException {
        checkClosed();
        if (listener != null) {
            throw new IllegalStateException("this consumer has a MessageListener; receive is not allowed "
                    + "(MessageConsumer.receive)");
        }
    }

    private JmsInboundMessage await(long timeoutMillis) throws JMSException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, Long.MAX_VALUE / 2));
        while (true) {
            if (!awaitBuffered(deadline)) {
                return null;
            }
            JmsInboundMessage m = poll();
            if (m != null) {
                return m;
            }
        }
    }

    /** Waits until a delivery is buffered and the connection started; false on close or timeout. */
    private boolean awaitBuffered(long deadline) throws JMSException {
        boolean available = buffer.await(deadline, session.connection::started,
                () -> closed || session.closing() || destroyed);
        if (!available && destroyed && !closed && remoteClose != null) {
            throw remoteClose;
        }
        return available;
    }

    /** Wakes up blocked receivers (start, stop, close). */
    void wakeUp() {
        buffer.wakeUp();
    }

    boolean isClosed() {
        return closed;
    }

    boolean hasListener() {
        return listener != null;
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        wakeUp();
        if (session.dispatcher.isCurrentThread()) {
            // Called from a listener on this session: finish once the listener returns (MessageConsumer.close).
            session.dispatcher.execute(this::closeQuietly);
            return;
        }
        JMSException timedOut = null;
        try {
            session.dispatcher.awaitIdle();
        } catch (JMSException e) {
            timedOut = e; // the consumer closes all the same; the listener finds it closed
        }
        finishClose();
        if (timedOut != null) {
            throw timedOut;
        }
    }

    private void closeQuietly() {
        try {
            finishClose();
        } catch (JMSException e) {
            LoggerFactory.getLogger(TributaryMessageConsumer.class)
                    .debug("consumer {}: close failed", info.consumerId(), e);
        }
    }

    /**
     * Releases buffered deliveries and closes the provider consumer. When the session still owes
     * acknowledgements for messages of this consumer (CLIENT_ACKNOWLEDGE), the provider consumer stays
     * open for them but takes nothing more: its credit is drained and what the drain brings is released;
     * the session destroys it after acknowledge, recover or close.
     */
    void finishClose() throws JMSException {
        closed = true;
        session.flushLazyAcknowledgements();
        releaseBuffered();
        if (!session.hasUnacknowledged(this)) {
            destroy();
        } else if (!destroyed) {
            session.connection.provider.drain(info)
                    .whenComplete((v, e) -> session.dispatcher.execute(this::releaseBufferedQuietly));
        }
    }

    private void releaseBuffered() throws JMSException {
        for (JmsInboundMessage m : takeBuffered()) {
            if (!m.settled() && !destroyed) {
                session.connection.provider.settle(info, m.deliveryId(), AckType.RELEASED);
            }
        }
    }

    private void releaseBufferedQuietly() {
        try {
            releaseBuffered();
        } catch (JMSException e) {
            LoggerFactory.getLogger(TributaryMessageConsumer.class)
                    .debug("consumer {}: releasing prefetched deliveries failed", info.consumerId(), e);
        }
    }

    /** Closes the provider consumer (any unsettled delivery is released by the provider). */
    void destroy() throws JMSException {
        if (destroyed) {
            return;
        }
        destroyed = true;
        session.connection.unregister(this);
        session.consumerClosed(this);
        session.connection.provider.destroy(info);
    }

    /** The session closed: no provider calls any more (the provider closes its side with the session). */
    void markClosed() {
        closed = true;
        destroyed = true;
        wakeUp();
    }

    boolean destroyed() {
        return destroyed;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkClosed();
        if (!(info.destination() instanceof Queue q)) {
            throw new IllegalStateException("this consumer reads a topic, not a queue");
        }
        return q;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkClosed();
        if (!(info.destination() instanceof Topic t)) {
            throw new IllegalStateException("this consumer reads a queue, not a topic");
        }
        return t;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkClosed();
        return info.noLocal();
    }
}
