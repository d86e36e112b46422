package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.security.Permission;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionDetail;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.DeliverySink;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.selector.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session: opens producers and consumers, and begins, commits and rolls back transactions (which
 * belong to the connection).
 *
 * <p>Thread-safe: its producer and consumer sets are concurrent.
 */
final class EngineSession implements BrokerSession {

    private final EngineConnection connection;
    private final Set<EngineProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<QueueConsumer> consumers = ConcurrentHashMap.newKeySet();
    /** Stream readers, by their number within the session. */
    private final Map<Consumer, Long> streamConsumers = new ConcurrentHashMap<>();
    private final AtomicLong linkIds = new AtomicLong();
    /** Its number within the connection, for operators. */
    final long id;
    private volatile boolean closed;

    EngineSession(EngineConnection connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    long nextLinkId() {
        return linkIds.incrementAndGet();
    }

    /** A snapshot for operators: its producers and consumers by their number within the session. */
    ConnectionDetail.Session status() {
        record Numbered(long id, ConnectionDetail.Link link) {
        }
        List<Numbered> links = new ArrayList<>();
        producers.forEach(p -> links.add(new Numbered(p.linkId, p.link())));
        consumers.forEach(c -> links.add(new Numbered(c.linkId, c.queue.operations.link(c))));
        streamConsumers.forEach((c, n) -> links.add(new Numbered(n, new ConnectionDetail.Link("consumer-" + n,
                ConnectionDetail.Role.SENDER, c.queueName(), c.credit(), null, null, null, null))));
        links.sort(Comparator.comparingLong(Numbered::id));
        return new ConnectionDetail.Session(id, links.stream().map(Numbered::link).toList());
    }

    int producerCount() {
        return producers.size();
    }

    int consumerCount() {
        return consumers.size() + streamConsumers.size();
    }

    EngineConnection connection() {
        return connection;
    }

    BrokerEngine engine() {
        return connection.engine();
    }

    private void checkOpen() {
        if (closed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "session of " + connection
                    + " is closed; create a new session");
        }
        connection.checkOpen();
    }

    @Override
    public Producer openProducer(String address, AddressKind kindHint) {
        checkOpen();
        AddressState a = address == null ? null : engine().registry().resolveFor(address, kindHint, user());
        if (a != null) {
            authorize(Permission.SEND, a);
        }
        EngineProducer p = new EngineProducer(this, a);
        producers.add(p);
        return p;
    }

    @Override
    public Consumer openConsumer(ConsumerSpec spec, DeliverySink sink) {
        checkOpen();
        if (sink == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "consumer on " + spec.address()
                    + " has no delivery sink");
        }
        Selector selector = spec.selector() == null || spec.selector().isBlank() ? null
                : Selector.parse(spec.selector());
        AddressState a = engine().registry().resolveFor(spec.address(), spec.kindHint(), user());
        authorize(spec.browse() ? Permission.BROWSE : Permission.CONSUME, a);
        if (a.temporary && !connection.id().equals(a.ownerConnectionId)) {
            throw new BrokerException(BrokerException.Kind.UNAUTHORIZED, "temporary " + a + " belongs to another "
                    + "connection; only the connection that created a temporary queue or topic may consume from it "
                    + "(any connection may send to it)");
        }
        if (a.kind == AddressKind.STREAM) {
            Consumer[] opened = new Consumer[1];
            opened[0] = a.stream.openConsumer(spec, connection.info().clientId(), connection.id(), selector,
                    sink, (tx, held) -> connection.transaction(tx).enlist(held),
                    () -> streamConsumers.remove(opened[0]));
            streamConsumers.put(opened[0], nextLinkId());
            return opened[0];
        }
        QueueConsumer c;
        switch (a.kind) {
            case QUEUE -> {
                c = new QueueConsumer(a.queue, this, spec, selector, sink);
                a.queue.addConsumer(c);
            }
            case TOPIC -> c = engine().registry().subscriptions().open(a, spec.browse(false), selector, connection,
                    q -> {
                        QueueConsumer qc = new QueueConsumer(q, this, spec.browse(false), null, sink);
                        q.addConsumer(qc);
                        return qc;
                    });
            default -> throw new IllegalStateException("unknown address kind " + a.kind);
        }
        consumers.add(c);
        return c;
    }

    /** The authenticated user of this session's connection, or null. */
    String user() {
        return connection.info().user();
    }

    /**
     * Refuses what the user's roles do not permit on {@code a} (UNAUTHORIZED naming the permission and address).
     * Temporary queues and topics are exempt: only their connection consumes from them, and replies to them come
     * from anyone.
     */
    void authorize(Permission permission, AddressState a) {
        if (!a.temporary) {
            engine().config().permissions().check(user(), permission, a.name);
        }
    }

    void forget(QueueConsumer c) {
        consumers.remove(c);
    }

    void forget(EngineProducer p) {
        producers.remove(p);
    }

    @Override
    public TransactionId beginTransaction() {
        checkOpen();
        return connection.begin().id;
    }

    @Override
    public CompletionStage<Void> commit(TransactionId tx) {
        try {
            return connection.end(tx).commit();
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> rollback(TransactionId tx) {
        try {
            return connection.end(tx).rollback();
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        new ArrayList<>(producers).forEach(EngineProducer::close);
        new ArrayList<>(consumers).forEach(QueueConsumer::close);
        new ArrayList<>(streamConsumers.keySet()).forEach(Consumer::close);
        connection.forget(this);
    }
}
