package io.tributary.jms;

import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.provider.AckType;
import io.tributary.jms.provider.JmsConsumerInfo;
import io.tributary.jms.provider.JmsInboundMessage;
import io.tributary.jms.provider.JmsProducerInfo;
import io.tributary.jms.provider.JmsSessionInfo;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session (classic, queue and topic variants in one class). Its consumers' listeners and its
 * CompletionListeners run on its own {@link SessionDispatcher} thread; the acknowledgement rules are in
 * {@link SessionDelivery}.
 *
 * <p>Thread model: used by one application thread at a time, plus its dispatcher
 * thread; shared state is in concurrent collections and volatile fields.
 */
final class TributarySession extends DomainSession {

    final TributaryConnection connection;
    final JmsSessionInfo info;
    final SessionDispatcher dispatcher;
    private final AsyncSends sends;
    private final SessionDelivery delivery = new SessionDelivery(this);
    private final Set<TributaryMessageConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Set<TributaryMessageProducer> producers = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile boolean inListener;
    private final Object closeLock = new Object();

    TributarySession(TributaryConnection connection, JmsSessionInfo info, Domain domain) {
        super(domain);
        this.connection = connection;
        this.info = info;
        this.dispatcher = new SessionDispatcher("tributary-session-" + connection.connectionId() + "-"
                + info.sessionId(), connection.closeTimeoutMillis());
        this.sends = new AsyncSends(info.sessionId(), dispatcher);
    }

    boolean isClosed() {
        return closed || connection.isClosed();
    }

    boolean closing() {
        return closing || closed;
    }

    @Override
    void checkClosed() throws IllegalStateException {
        if (isClosed()) {
            throw JmsExceptions.closed("session");
        }
    }

    void enterListener() {
        inListener = true;
    }

    void leaveListener() {
        inListener = false;
    }

    /** True when the calling thread runs one of this session's MessageListeners. */
    boolean onListenerThread() {
        return dispatcher.isCurrentThread() && inListener;
    }

    /** True when the calling thread runs one of this session's CompletionListeners. */
    boolean onCompletionListenerThread() {
        return sends.onCompletionListenerThread();
    }

    void checkNotInCompletionListener(String method) throws IllegalStateException {
        if (onCompletionListenerThread()) {
            throw new IllegalStateException(method + " may not be called from a CompletionListener of its own "
                    + "session (CompletionListener restrictions)");
        }
    }

    // ---- transactions and acknowledgement ----

    @Override
    public boolean getTransacted() throws JMSException {
        checkClosed();
        return info.transacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkClosed();
        return info.transacted() ? Session.SESSION_TRANSACTED : info.acknowledgeMode();
    }

    @Override
    public void commit() throws JMSException {
        checkClosed();
        checkNotInCompletionListener("Session.commit");
        if (!info.transacted()) {
            throw new IllegalStateException("commit is only allowed on a transacted session");
        }
        sends.await();
        connection.provider.commit(info);
    }

    @Override
    public void rollback() throws JMSException {
        checkClosed();
        checkNotInCompletionListener("Session.rollback");
        if (!info.transacted()) {
            throw new IllegalStateException("rollback is only allowed on a transacted session");
        }
        sends.await();
        delivery.rollback(new ArrayList<>(consumers));
    }

    @Override
    public void recover() throws JMSException {
        checkClosed();
        if (info.transacted()) {
            throw new IllegalStateException("recover is not allowed on a transacted session; use rollback");
        }
        delivery.recover(new ArrayList<>(consumers), AckType.FAILED);
        destroyClosedConsumers();
    }

    void acknowledgeFromMessage() throws JMSException {
        checkClosed();
        delivery.acknowledgeAll();
    }

    /** DUPS_OK: sends the batched acknowledgements now. */
    void flushLazyAcknowledgements() {
        delivery.flushLazyAcknowledgements();
    }

    boolean hasUnacknowledged(TributaryMessageConsumer c) {
        return delivery.hasUnacknowledged(c);
    }

    /** Closes the provider side of consumers that were closed while they still had unacknowledged messages. */
    void destroyClosedConsumers() {
        for (TributaryMessageConsumer c : consumers) {
            if (c.isClosed() && !c.destroyed() && !delivery.hasUnacknowledged(c)) {
                try {
                    c.destroy();
                } catch (JMSException e) {
                    connection.onAsyncException(e);
                }
            }
        }
    }

    TributaryMessage deliverToReceiver(TributaryMessageConsumer c, JmsInboundMessage in) throws JMSException {
        return deliverToReceiver(c, in, null);
    }

    /**
     * Hands a delivery to receive(). With {@code bodyType} (JMSConsumer.receiveBody), a message whose body
     * cannot be returned as that type throws MessageFormatException and, in AUTO and DUPS_OK modes, is
     * not acknowledged but redelivered.
     */
    TributaryMessage deliverToReceiver(TributaryMessageConsumer c, JmsInboundMessage in, Class<?> bodyType)
            throws JMSException {
        TributaryMessage m = delivery.prepare(c, in);
        if (bodyType != null && (m instanceof StreamMessage || m.getClass() == TributaryMessage.class
                || !m.isBodyAssignableTo(bodyType))) {
            if (!info.transacted() && info.acknowledgeMode() != Session.CLIENT_ACKNOWLEDGE && !in.settled()) {
                connection.provider.settle(c.info, in.deliveryId(), AckType.FAILED);
            } else {
                delivery.received(c, in);
            }
            throw new MessageFormatException("the received " + m.getClass().getSimpleName()
                    + " has no body that can be returned as " + bodyType.getName());
        }
        delivery.received(c, in);
        return m;
    }

    void deliverToListener(TributaryMessageConsumer c, JmsInboundMessage in, MessageListener l) {
        delivery.deliver(c, in, l);
    }

    void trackAsyncSend(CompletableFuture<Void> sent, Message message, CompletionListener listener) {
        sends.track(sent, message, listener);
    }

    // ---- producers and consumers ----

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkClosed();
        TributaryDestination d = destination == null ? null : TributaryDestination.from(destination);
        if (d != null) {
            connection.checkTemporaryUsable(d);
        }
        JmsProducerInfo pi = new JmsProducerInfo(connection.nextId(), info, d);
        connection.provider.createProducer(pi);
        TributaryMessageProducer p = new TributaryMessageProducer(this, pi);
        producers.add(p);
        return p;
    }

    void producerClosed(TributaryMessageProducer p) {
        producers.remove(p);
    }

    void consumerClosed(TributaryMessageConsumer c) {
        consumers.remove(c);
    }

    TributaryMessageConsumer openConsumer(Destination destination, String selector, boolean noLocal,
                                          String subscription, boolean durable, boolean shared, boolean browser)
            throws JMSException {
        checkClosed();
        if (destination == null) {
            throw new InvalidDestinationException("the destination is null");
        }
        TributaryDestination d = TributaryDestination.from(destination);
        connection.checkTemporaryUsable(d);
        if (d.isTemporary() && !connection.ownsTemporary(d)) {
            throw new InvalidDestinationException("temporary destination " + d.address() + " belongs to another "
                    + "connection; only its own connection may consume from it (TemporaryQueue)");
        }
        String sel = selector == null || selector.isBlank() ? null : selector;
        JmsConsumerInfo ci = new JmsConsumerInfo(connection.nextId(), info, d, sel, noLocal, browser, subscription,
                durable, shared, browser ? 0 : connection.prefetch().forConsumer(d.isTopic(), durable));
        TributaryMessageConsumer c = new TributaryMessageConsumer(this, ci);
        consumers.add(c);
        connection.register(c);
        try {
            c.open();
        } catch (JMSException | RuntimeException e) {
            consumers.remove(c);
            connection.unregister(c);
            throw e;
        }
        return c;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector, boolean noLocal)
            throws JMSException {
        return openConsumer(destination, selector, noLocal, null, false, false, false);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name, String selector) throws JMSException {
        checkClosed();
        checkDomain(Domain.QUEUE, "createSharedConsumer");
        checkSubscriptionName(name);
        return openConsumer(checkTopic(topic), selector, false, name, false, true, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        checkClosed();
        checkDomain(Domain.QUEUE, "createDurableSubscriber");
        // the order the method's javadoc lists its exceptions in: the topic, the selector, then the client id
        Topic t = checkTopic(topic);
        if (selector != null && !selector.isBlank()) {
            connection.provider.checkSelector(selector);
        }
        checkSubscriptionName(name);
        if (connection.getClientIDInternal() == null) {
            throw new IllegalStateException("an unshared durable subscription needs a client id; set one on the "
                    + "connection first, or configure jms.clientID on the connection factory (unshared durable "
                    + "subscriptions)");
        }
        return openConsumer(t, selector, noLocal, name, true, false, false);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String selector)
            throws JMSException {
        checkClosed();
        checkDomain(Domain.QUEUE, "createSharedDurableConsumer");
        checkSubscriptionName(name);
        return openConsumer(checkTopic(topic), selector, false, name, true, true, false);
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkClosed();
        checkDomain(Domain.QUEUE, "unsubscribe");
        checkSubscriptionName(name);
        connection.provider.unsubscribe(name);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) throws JMSException {
        checkClosed();
        checkDomain(Domain.TOPIC, "createBrowser");
        if (queue == null) {
            throw new InvalidDestinationException("the queue is null");
        }
        TributaryQueueBrowser b = new TributaryQueueBrowser(this, TributaryDestination.from(queue), selector);
        b.validate();
        return b;
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkClosed();
        checkDomain(Domain.TOPIC, "createTemporaryQueue");
        return (TemporaryQueue) connection.createTemporary(false);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkClosed();
        checkDomain(Domain.QUEUE, "createTemporaryTopic");
        return (TemporaryTopic) connection.createTemporary(true);
    }

    // ---- lifecycle ----

    /** Connection started: grant credit again; deliver what listeners have buffered; wake receivers. */
    void onStart() {
        for (TributaryMessageConsumer c : consumers) {
            c.refill();
            c.wakeUp();
            if (c.hasListener()) {
                c.scheduleDispatch();
            }
        }
    }

    /**
     * Connection stopped: waits for a listener in progress, then each consumer gives its credit back and
     * releases what it buffered.
     */
    void onStop() throws JMSException {
        dispatcher.awaitIdle();
        delivery.flushLazyAcknowledgements();
        JmsExceptions.forEach(consumers, TributaryMessageConsumer::onConnectionStop);
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (onListenerThread()) {
            throw new IllegalStateException("a MessageListener may not close its own session "
                    + "(Jakarta Messaging 3.1, Session.close)");
        }
        checkNotInCompletionListener("Session.close");
        closeInternal();
    }

    /** Closes without the listener-thread checks (connection close). A concurrent close waits for this one. */
    void closeInternal() throws JMSException {
        synchronized (closeLock) {
            if (!closed) {
                closeNow();
            }
        }
    }

    /**
     * Closes: waits for asynchronous sends and a listener in progress (at most the close timeout), then closes
     * whatever happened; a timeout is thrown after the session is closed.
     */
    private void closeNow() throws JMSException {
        closing = true;
        for (TributaryMessageConsumer c : consumers) {
            c.wakeUp();
        }
        JMSException timedOut = null;
        try {
            sends.await();
        } catch (JMSException e) {
            timedOut = e;
        }
        closed = true;
        try {
            if (!info.transacted()) {
                delivery.recover(new ArrayList<>(consumers), AckType.FAILED);
            }
            for (TributaryMessageConsumer c : new ArrayList<>(consumers)) {
                c.markClosed();
                connection.unregister(c);
            }
            connection.provider.destroy(info);
        } finally {
            consumers.clear();
            producers.clear();
            dispatcher.shutdown();
            connection.sessionClosed(this);
        }
        if (timedOut != null) {
            throw timedOut;
        }
    }
}
