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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A message consumer: a prefetch buffer filled by provider deliveries (ordered by priority, then
 * arrival) and emptied by receive calls or the session's listener thread. It keeps the provider's
 * credit topped up so that credit plus buffered deliveries stay near the prefetch window.
 *
 * <p>Thread-safe: the buffer and credit are guarded by {@code lock}; deliveries arrive on provider
 * threads, receives on application threads, listener dispatch on the session thread.
 */
class TributaryMessageConsumer implements QueueReceiver, TopicSubscriber {

    final TributarySession session;
    final JmsConsumerInfo info;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<JmsInboundMessage>[] buffer = new ArrayDeque[10];
    private final AtomicBoolean dispatchScheduled = new AtomicBoolean();
    private int buffered;
    private int credit;
    private volatile MessageListener listener;
    private volatile boolean closed;
    private volatile boolean destroyed;
    private volatile JMSException remoteClose;

    TributaryMessageConsumer(TributarySession session, JmsConsumerInfo info) {
        this.session = session;
        this.info = info;
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = new ArrayDeque<>();
        }
    }

    /** Opens it on the provider and grants the first window of credit. */
    void open() throws JMSException {
        session.connection.provider.createConsumer(info);
        topUp();
    }

    // ---- provider side ----

    void onInbound(JmsInboundMessage m) {
        lock.lock();
        try {
            credit = Math.max(0, credit - 1);
            buffer[Math.min(9, Math.max(0, m.facade().priority()))].addLast(m);
            buffered++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (listener != null) {
            scheduleDispatch();
        }
    }

    void onRemoteClose(JMSException cause) {
        remoteClose = cause;
        destroyed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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

    /** Takes the next buffered delivery, or null; tops up credit. */
    JmsInboundMessage poll() {
        JmsInboundMessage m = null;
        lock.lock();
        try {
            for (int p = 9; p >= 0 && m == null; p--) {
                m = buffer[p].pollFirst();
            }
            if (m != null) {
                buffered--;
            }
        } finally {
            lock.unlock();
        }
        if (m != null && info.prefetch() > 0) {
            topUp();
        }
        return m;
    }

    /** Removes every buffered delivery (for recover, rollback and close), in order. */
    List<JmsInboundMessage> takeBuffered() {
        List<JmsInboundMessage> out = new ArrayList<>();
        lock.lock();
        try {
            for (int p = 9; p >= 0; p--) {
                out.addAll(buffer[p]);
                buffer[p].clear();
            }
            buffered = 0;
        } finally {
            lock.unlock();
        }
        return out;
    }

    private void topUp() {
        int grant;
        lock.lock();
        try {
            int window = info.prefetch();
            int want = window - credit - buffered;
            if (want <= 0 || (want < Math.max(1, window / 2) && credit + buffered > 0)) {
                return;
            }
            credit += want;
            grant = want;
        } finally {
            lock.unlock();
        }
        if (!destroyed) {
            session.connection.provider.credit(info, grant);
        }
    }

    /** Tops the credit up after buffered deliveries were taken out. */
    void refill() {
        if (info.prefetch() > 0) {
            topUp();
        }
    }

    /** Asks the provider for what is available now (receiveNoWait, browsers) and restores the window. */
    void drainAndRefill(int extraCredit) throws JMSException {
        if (destroyed) {
            return;
        }
        if (extraCredit > 0) {
            lock.lock();
            try {
                credit += extraCredit;
            } finally {
                lock.unlock();
            }
            session.connection.provider.credit(info, extraCredit);
        }
        try {
            session.connection.provider.drain(info).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw JmsExceptions.fromFuture(e);
        }
        lock.lock();
        try {
            credit = 0;
        } finally {
            lock.unlock();
        }
        if (info.prefetch() > 0) {
            topUp();
        }
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
                    + "(Jakarta Messaging 3.1 section 8.5)");
        }
    }

    private JmsInboundMessage await(long timeoutMillis) throws JMSException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, Long.MAX_VALUE / 2));
        lock.lock();
        try {
            while (true) {
                if (closed || session.closing()) {
                    return null;
                }
                if (session.connection.started() && buffered > 0) {
                    break;
                }
                if (destroyed) {
                    if (remoteClose != null) {
                        throw remoteClose;
                    }
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
        return poll();
    }

    /** Wakes up blocked receivers (start, stop, close). */
    void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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
        session.dispatcher.awaitIdle();
        finishClose();
    }

    private void closeQuietly() {
        try {
            finishClose();
        } catch (JMSException e) {
            org.slf4j.LoggerFactory.getLogger(TributaryMessageConsumer.class)
                    .debug("consumer {}: close failed", info.consumerId(), e);
        }
    }

    /** Releases buffered deliveries and closes the provider consumer, unless the session still owes acks. */
    void finishClose() throws JMSException {
        closed = true;
        for (JmsInboundMessage m : takeBuffered()) {
            if (!m.settled() && !destroyed) {
                session.connection.provider.settle(info, m.deliveryId(), AckType.RELEASED);
            }
        }
        if (!session.hasUnacknowledged(this)) {
            destroy();
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
