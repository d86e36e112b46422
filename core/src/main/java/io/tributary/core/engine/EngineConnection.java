package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionDetail;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.ConnectionStatus;
import io.tributary.core.TransactionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client connection: its sessions, open transactions and temporary addresses.
 *
 * <p>Thread-safe: concurrent sets and maps; {@link #close()} runs once.
 */
final class EngineConnection implements BrokerConnection {

    private final BrokerEngine engine;
    private final String id;
    private final ConnectionInfo info;
    private final Set<EngineSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<TransactionId, LocalTransaction> transactions = new ConcurrentHashMap<>();
    private final Set<String> temporaries = ConcurrentHashMap.newKeySet();
    private final Instant connectedAt;
    private final AtomicLong sessionIds = new AtomicLong();
    private volatile Consumer<String> operatorClose;
    private volatile boolean closed;

    EngineConnection(BrokerEngine engine, String id, ConnectionInfo info) {
        this.engine = engine;
        this.id = id;
        this.info = info;
        this.connectedAt = engine.config().clock().instant();
    }

    @Override
    public void onClosedByOperator(Consumer<String> handler) {
        this.operatorClose = handler;
    }

    /** An operator closes this connection: through its protocol layer when it registered how, else here. */
    void closeByOperator(String reason) {
        Consumer<String> handler = operatorClose;
        if (handler != null) {
            handler.accept(reason);
        }
        close();
    }

    /** A snapshot for operators. */
    ConnectionStatus status() {
        int producers = 0;
        int consumers = 0;
        List<EngineSession> open = new ArrayList<>(sessions);
        for (EngineSession s : open) {
            producers += s.producerCount();
            consumers += s.consumerCount();
        }
        return new ConnectionStatus(id, info, connectedAt, open.size(), producers, consumers);
    }

    /** A snapshot for operators with its sessions and their links. */
    ConnectionDetail detail() {
        List<ConnectionDetail.Session> open = new ArrayList<>();
        new ArrayList<>(sessions).forEach(s -> open.add(s.status()));
        open.sort(Comparator.comparingLong(ConnectionDetail.Session::id));
        return new ConnectionDetail(status(), open);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ConnectionInfo info() {
        return info;
    }

    BrokerEngine engine() {
        return engine;
    }

    void checkOpen() {
        if (closed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "connection " + id + " (container "
                    + info.containerId() + ") is closed; open a new connection");
        }
    }

    @Override
    public BrokerSession createSession() {
        checkOpen();
        EngineSession s = new EngineSession(this, sessionIds.incrementAndGet());
        sessions.add(s);
        return s;
    }

    void forget(EngineSession s) {
        sessions.remove(s);
    }

    @Override
    public String createTemporaryQueue() {
        return createTemporary(AddressKind.QUEUE);
    }

    @Override
    public String createTemporaryTopic() {
        return createTemporary(AddressKind.TOPIC);
    }

    private String createTemporary(AddressKind kind) {
        checkOpen();
        AddressState a = engine.registry().createTemporary(this, kind);
        temporaries.add(a.name);
        return a.name;
    }

    @Override
    public void deleteTemporary(String address) {
        checkOpen();
        AddressState a = engine.registry().get(address);
        if (a == null || !temporaries.contains(address)) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "temporary address '" + address
                    + "' is not one of connection " + id + "'s; only the connection that made it may delete it");
        }
        engine.registry().delete(address, false);
        temporaries.remove(address);
    }

    @Override
    public void unsubscribe(String name) {
        checkOpen();
        try {
            engine.registry().subscriptions().unsubscribe(this, name);
        } catch (BrokerException e) {
            if (e.kind() != BrokerException.Kind.NOT_FOUND || !engine.registry().unsubscribeStreamGroup(info, name)) {
                throw e;
            }
        }
    }

    /** Begins a transaction; RESOURCE_LIMIT when the connection already holds {@code limits.max-transactions}. */
    LocalTransaction begin() {
        checkOpen();
        int max = engine.config().maxTransactions();
        synchronized (transactions) {
            if (transactions.size() >= max) {
                throw new BrokerException(BrokerException.Kind.RESOURCE_LIMIT, "connection " + id + " has "
                        + transactions.size() + " open transactions, its limit (limits.max-transactions = " + max
                        + "); commit or roll back transactions before beginning more, or raise the limit");
            }
            LocalTransaction tx = new LocalTransaction(engine.nextTransactionId(), engine);
            transactions.put(tx.id, tx);
            return tx;
        }
    }

    /** The open transaction {@code tx} of this connection; NOT_FOUND otherwise. */
    LocalTransaction transaction(TransactionId tx) {
        LocalTransaction t = transactions.get(tx);
        if (t == null) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, tx + " is not an open transaction of "
                    + "connection " + id + "; begin one on this connection first");
        }
        return t;
    }

    /** Takes an open transaction out for commit or rollback. */
    LocalTransaction end(TransactionId tx) {
        LocalTransaction t = transaction(tx);
        transactions.remove(tx, t);
        return t;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        new ArrayList<>(sessions).forEach(EngineSession::close);
        List<LocalTransaction> open = new ArrayList<>(transactions.values());
        transactions.clear();
        for (LocalTransaction t : open) {
            if (!t.ended()) {
                t.rollback();
            }
        }
        for (String name : temporaries) {
            AddressState a = engine.registry().get(name);
            if (a != null) {
                engine.registry().delete(name, true);
            }
        }
        temporaries.clear();
        engine.disconnected(this);
    }

    @Override
    public String toString() {
        return "connection " + id;
    }
}
