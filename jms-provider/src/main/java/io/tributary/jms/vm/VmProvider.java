package io.tributary.jms.vm;

import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.selector.Selector;
import io.tributary.jms.TributaryDestination;
import io.tributary.jms.message.AmqpMessageFacade;
import io.tributary.jms.provider.AckType;
import io.tributary.jms.provider.JmsConnectionInfo;
import io.tributary.jms.provider.JmsConsumerInfo;
import io.tributary.jms.provider.JmsInboundMessage;
import io.tributary.jms.provider.JmsOutboundMessage;
import io.tributary.jms.provider.JmsProducerInfo;
import io.tributary.jms.provider.JmsResourceInfo;
import io.tributary.jms.provider.JmsSessionInfo;
import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The {@code vm} provider: calls an in-process engine directly. Messages cross as encoded AMQP bytes,
 * exactly as they would over the wire, so the engine sees the same canonical message from every client.
 *
 * <p>Thread-safe: state is in concurrent maps; engine objects are themselves thread-safe. Deliveries
 * reach the listener on engine threads.
 */
final class VmProvider implements Provider {


    private final VmUrl url;
    private final Broker broker;
    private final VmLogins logins;
    private final Map<Long, VmSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Producer> producers = new ConcurrentHashMap<>();
    private final Map<Long, VmConsumer> consumers = new ConcurrentHashMap<>();
    private volatile ProviderListener listener;
    private volatile BrokerConnection connection;
    private volatile boolean closed;

    /**
     * A session's engine session, its current transaction and its engine producers for anonymous sends:
     * the most recently used {@value #ANONYMOUS_TARGETS} destinations keep one (request/reply over many
     * temporary queues must not grow it without bound). Thread-safe: the producer cache is synchronized.
     */
    private static final class VmSession {
        final BrokerSession session;
        volatile TransactionId tx;
        private final Map<TributaryDestination, Producer> anonymous = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TributaryDestination, Producer> eldest) {
                if (size() <= ANONYMOUS_TARGETS) {
                    return false;
                }
                eldest.getValue().close();
                return true;
            }
        };

        VmSession(BrokerSession session) {
            this.session = session;
        }

        synchronized Producer producerFor(TributaryDestination d) {
            return anonymous.computeIfAbsent(d, x -> session.openProducer(x.address(), kind(x)));
        }
    }

    /** How many destinations of anonymous sends keep an engine producer per session. */
    static final int ANONYMOUS_TARGETS = 64;

    /** A consumer and its pending drain. */
    private static final class VmConsumer {
        volatile Consumer consumer;
        volatile CompletableFuture<Void> drain;
    }

    VmProvider(VmUrl url) throws JMSException {
        this.url = url;
        VmBrokers.Entry entry = VmBrokers.acquire(url);
        this.broker = entry.broker;
        this.logins = entry.logins;
    }

    @Override
    public void login(String user, String password) throws JMSException {
        logins.check(user, password);
    }

    @Override
    public void setListener(ProviderListener value) {
        this.listener = value;
    }

    @Override
    public void connect(JmsConnectionInfo info) throws JMSException {
        logins.check(info.user(), info.password());
        try {
            connection = broker.connect(new ConnectionInfo(info.connectionId(), info.clientId(), info.user(), "vm"));
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    private BrokerConnection connection() throws JMSException {
        BrokerConnection c = connection;
        if (c == null || closed) {
            throw new IllegalStateException("vm://" + url.name() + ": the connection is not open");
        }
        return c;
    }

    private VmSession session(JmsSessionInfo info) throws JMSException {
        VmSession s = sessions.get(info.sessionId());
        if (s == null) {
            throw new IllegalStateException("vm://" + url.name() + ": session " + info.sessionId() + " is not open");
        }
        return s;
    }

    @Override
    public void createSession(JmsSessionInfo info) throws JMSException {
        try {
            VmSession s = new VmSession(connection().createSession());
            if (info.transacted()) {
                s.tx = s.session.beginTransaction();
            }
            sessions.put(info.sessionId(), s);
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    private static AddressKind kind(TributaryDestination d) {
        return d.isTopic() ? AddressKind.TOPIC : AddressKind.QUEUE;
    }

    @Override
    public void createProducer(JmsProducerInfo info) throws JMSException {
        VmSession s = session(info.session());
        if (info.destination() == null) {
            return;
        }
        try {
            producers.put(info.producerId(), s.session.openProducer(info.destination().address(),
                    kind(info.destination())));
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public void createConsumer(JmsConsumerInfo info) throws JMSException {
        VmSession s = session(info.session());
        StreamOffset.InAddress target;
        try {
            target = StreamOffset.fromAddress(info.destination().address());
        } catch (BrokerException e) {
            throw VmExceptions.toJms(e);
        }
        String address = target.address();
        StreamOffset offset = target.offset();
        ConsumerSpec spec = ConsumerSpec.on(address).kind(kind(info.destination())).selector(info.selector())
                .noLocal(info.noLocal()).browse(info.browser()).streamOffset(offset);
        if (info.subscriptionName() != null) {
            spec = spec.subscription(info.subscriptionName(), info.durable(), info.shared());
        }
        VmConsumer c = new VmConsumer();
        consumers.put(info.consumerId(), c);
        try {
            c.consumer = s.session.openConsumer(spec, new Sink(info.consumerId(), c));
        } catch (RuntimeException e) {
            consumers.remove(info.consumerId());
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public void checkSelector(String selector) throws JMSException {
        try {
            Selector.parse(selector);
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    /** Hands engine deliveries to the listener; runs on engine threads. */
    private final class Sink implements DeliverySink {
        private final long consumerId;
        private final VmConsumer consumer;

        Sink(long consumerId, VmConsumer consumer) {
            this.consumerId = consumerId;
            this.consumer = consumer;
        }

        @Override
        public void deliver(Delivery d) {
            listener.onMessage(new JmsInboundMessage(consumerId, d.id(),
                    AmqpMessageFacade.decode(d.message().encoded()), d.deliveryCount(), d.settled()));
        }

        @Override
        public void drained() {
            CompletableFuture<Void> f = consumer.drain;
            consumer.drain = null;
            if (f != null) {
                f.complete(null);
            }
            listener.onDrained(consumerId);
        }

        @Override
        public void closed(BrokerException cause) {
            CompletableFuture<Void> f = consumer.drain;
            if (f != null) {
                f.complete(null);
            }
            if (consumers.remove(consumerId) != null) {
                listener.onConsumerClosed(consumerId, cause == null ? null : VmExceptions.toJms(cause));
            }
        }
    }

    @Override
    public void destroy(JmsResourceInfo info) throws JMSException {
        try {
            if (info instanceof JmsConsumerInfo c) {
                VmConsumer vc = consumers.remove(c.consumerId());
                if (vc != null && vc.consumer != null) {
                    vc.consumer.close();
                }
            } else if (info instanceof JmsProducerInfo p) {
                Producer producer = producers.remove(p.producerId());
                if (producer != null) {
                    producer.close();
                }
            } else if (info instanceof JmsSessionInfo s) {
                VmSession vs = sessions.remove(s.sessionId());
                if (vs != null) {
                    if (vs.tx != null) {
                        await(vs.session.rollback(vs.tx));
                    }
                    vs.session.close();
                }
            }
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public CompletionStage<Void> send(JmsOutboundMessage m) {
        try {
            VmSession s = session(m.producer().session());
            Producer p = m.producer().destination() == null ? null : producers.get(m.producer().producerId());
            if (p == null) {
                p = s.producerFor(m.destination());
            }
            awaitWritable(p);
            return p.send(Message.wrap(m.facade().encode()), s.tx)
                    .exceptionallyCompose(e -> CompletableFuture.failedStage(VmExceptions.toJms(e)));
        } catch (JMSException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(VmExceptions.toJms(e));
        }
    }

    /**
     * Flow control: while the engine holds {@code p} back (a target queue over its memory budget, or the broker over
     * its global memory limit with messages that cannot be paged), the sending thread waits until the engine says
     * it may write, as an AMQP client waits for credit. The wait ends early when this connection closes.
     */
    private void awaitWritable(Producer p) throws JMSException {
        if (!p.blocked()) {
            return;
        }
        CompletableFuture<Void> writable = new CompletableFuture<>();
        p.whenWritable(() -> writable.complete(null));
        while (!writable.isDone()) {
            if (closed) {
                throw new IllegalStateException("vm://" + url.name() + ": the connection closed while a send waited"
                        + " for the broker to take messages again");
            }
            try {
                writable.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // look at closed again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JMSException("vm://" + url.name() + ": interrupted while the send waited for the broker"
                        + " to take messages again (a queue over its memory budget or the broker over its global"
                        + " memory limit)");
            } catch (ExecutionException e) {
                throw VmExceptions.toJms(e.getCause());
            }
        }
    }

    @Override
    public void credit(JmsConsumerInfo consumer, int credit) {
        VmConsumer c = consumers.get(consumer.consumerId());
        if (c != null && c.consumer != null && credit > 0) {
            c.consumer.addCredit(credit);
        }
    }

    @Override
    public CompletionStage<Void> drain(JmsConsumerInfo consumer) {
        VmConsumer c = consumers.get(consumer.consumerId());
        if (c == null || c.consumer == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        c.drain = f;
        c.consumer.drain();
        return f;
    }

    @Override
    public void settle(JmsConsumerInfo consumer, long deliveryId, AckType type) throws JMSException {
        VmConsumer c = consumers.get(consumer.consumerId());
        if (c == null || c.consumer == null) {
            throw new IllegalStateException("consumer " + consumer.consumerId() + " is closed; delivery "
                    + deliveryId + " was released when it closed");
        }
        TransactionId tx = type == AckType.ACCEPTED ? session(consumer.session()).tx : null;
        Outcome outcome = switch (type) {
            case ACCEPTED -> Outcome.ACCEPTED;
            case RELEASED -> Outcome.RELEASED;
            case FAILED -> Outcome.FAILED;
            case REJECTED -> Outcome.REJECTED;
        };
        try {
            c.consumer.settle(deliveryId, outcome, tx);
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public void settle(JmsConsumerInfo consumer, long[] deliveryIds, AckType type) throws JMSException {
        JMSException first = null;
        for (long id : deliveryIds) {
            try {
                settle(consumer, id, type);
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void commit(JmsSessionInfo info) throws JMSException {
        VmSession s = session(info);
        TransactionId tx = s.tx;
        try {
            await(s.session.commit(tx));
        } finally {
            s.tx = s.session.beginTransaction();
        }
    }

    @Override
    public void rollback(JmsSessionInfo info) throws JMSException {
        VmSession s = session(info);
        TransactionId tx = s.tx;
        try {
            await(s.session.rollback(tx));
        } finally {
            s.tx = s.session.beginTransaction();
        }
    }

    private static void await(CompletionStage<Void> stage) throws JMSException {
        try {
            stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VmExceptions.toJms(e);
        } catch (ExecutionException e) {
            throw VmExceptions.toJms(e.getCause());
        }
    }

    @Override
    public String createTemporary(boolean topic) throws JMSException {
        try {
            return topic ? connection().createTemporaryTopic() : connection().createTemporaryQueue();
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public void deleteTemporary(String address) throws JMSException {
        try {
            connection().deleteTemporary(address);
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        try {
            connection().unsubscribe(name);
        } catch (RuntimeException e) {
            throw VmExceptions.toJms(e);
        }
    }

    @Override
    public String remote() {
        return "vm://" + url.name();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            BrokerConnection c = connection;
            if (c != null) {
                c.close();
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(VmProvider.class).debug("vm://{}: close failed", url.name(), e);
        } finally {
            VmBrokers.release(url.name());
        }
    }
}
