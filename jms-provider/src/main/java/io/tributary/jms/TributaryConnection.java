package io.tributary.jms;

import io.tributary.jms.provider.JmsConnectionInfo;
import io.tributary.jms.provider.JmsInboundMessage;
import io.tributary.jms.provider.JmsSessionInfo;
import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderListener;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection over a {@link Provider}. The provider connection opens lazily, on the first action
 * that needs it or when a client id is set, because the client id must travel with the connect
 * (setClientID only before any other action).
 *
 * <p>Thread-safe: a connection may be used from any thread; lifecycle changes are
 * serialised on the connection's monitor.
 */
final class TributaryConnection implements QueueConnection, TopicConnection, ProviderListener,
        TributaryDestination.TemporaryOwner {

    final Provider provider;
    private final String connectionId = "TRIB-" + UUID.randomUUID();
    private final String user;
    private final String password;
    private final boolean clientIdAdministrative;
    private final ConnectionOptions.Prefetch prefetch;
    /** How long close, stop, commit and rollback wait for listeners and sends ({@code jms.closeTimeout}). */
    private final long closeTimeoutMillis;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, TributarySession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, TributaryMessageConsumer> consumers = new ConcurrentHashMap<>();
    private final Set<TributaryDestination> temporaries = ConcurrentHashMap.newKeySet();
    private final SessionDispatcher exceptionDispatcher;
    private volatile String clientId;
    private volatile boolean connected;
    private volatile boolean actionTaken;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile ExceptionListener exceptionListener;
    /** Serialises close: a second concurrent close returns once the first has finished. */
    private final Object closeLock = new Object();

    TributaryConnection(Provider provider, String user, String password, String clientId,
                        ConnectionOptions.Prefetch prefetch, long closeTimeoutMillis)
            throws JMSException {
        this.provider = provider;
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.user = user;
        this.password = password;
        this.prefetch = prefetch;
        this.clientIdAdministrative = clientId != null;
        this.clientId = clientId;
        provider.login(user, password);
        this.exceptionDispatcher = new SessionDispatcher("tributary-exceptions-" + connectionId, closeTimeoutMillis);
        provider.setListener(this);
        if (clientIdAdministrative) {
            connect();
        }
    }

    String connectionId() {
        return connectionId;
    }

    ConnectionOptions.Prefetch prefetch() {
        return prefetch;
    }

    long closeTimeoutMillis() {
        return closeTimeoutMillis;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    boolean started() {
        return started && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    String getClientIDInternal() {
        return clientId;
    }

    void checkClosed() throws IllegalStateException {
        if (closed) {
            throw JmsExceptions.closed("connection");
        }
    }

    private synchronized void connect() throws JMSException {
        if (!connected) {
            provider.connect(new JmsConnectionInfo(connectionId, clientId, user, password));
            connected = true;
        }
    }

    /** Any action but setClientID: fixes the client id and opens the provider connection. */
    private void act() throws JMSException {
        checkClosed();
        actionTaken = true;
        connect();
    }

    private boolean onOwnListenerThread() {
        return sessions.values().stream().anyMatch(TributarySession::onListenerThread);
    }

    @Override
    public String getClientID() throws JMSException {
        checkClosed();
        return clientId;
    }

    @Override
    public synchronized void setClientID(String value) throws JMSException {
        checkClosed();
        if (clientIdAdministrative) {
            throw new IllegalStateException("the client id was set administratively on the connection factory ("
                    + clientId + ") and cannot be changed (Connection.setClientID)");
        }
        if (actionTaken || connected) {
            throw new IllegalStateException("setClientID must be called before any other action on the connection "
                    + "(Connection.setClientID)");
        }
        if (value == null || value.isEmpty()) {
            throw new InvalidClientIDException("a client id must not be null or empty");
        }
        clientId = value;
        try {
            connect();
        } catch (JMSException e) {
            clientId = null;
            throw e;
        }
        actionTaken = true;
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkClosed();
        return TributaryConnectionMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkClosed();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkClosed();
        exceptionListener = listener;
    }

    /** Reports an error that no application call can receive to the ExceptionListener. */
    void onAsyncException(JMSException e) {
        ExceptionListener l = exceptionListener;
        if (l != null && !closed) {
            exceptionDispatcher.execute(() -> l.onException(e));
        }
    }

    // ---- sessions ----

    private TributarySession newSession(boolean transacted, int ackMode, TributarySession.Domain domain)
            throws JMSException {
        act();
        int mode = transacted ? Session.SESSION_TRANSACTED : ackMode;
        if (!transacted && mode != Session.AUTO_ACKNOWLEDGE && mode != Session.CLIENT_ACKNOWLEDGE
                && mode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("acknowledge mode " + ackMode + " is not AUTO_ACKNOWLEDGE (1), CLIENT_ACKNOWLEDGE "
                    + "(2), DUPS_OK_ACKNOWLEDGE (3) or SESSION_TRANSACTED (0)");
        }
        JmsSessionInfo info = new JmsSessionInfo(nextId(), transacted, mode);
        provider.createSession(info);
        TributarySession s = new TributarySession(this, info, domain);
        sessions.put(info.sessionId(), s);
        return s;
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted, acknowledgeMode, TributarySession.Domain.ANY);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted, acknowledgeMode, TributarySession.Domain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return newSession(transacted, acknowledgeMode, TributarySession.Domain.TOPIC);
    }

    void sessionClosed(TributarySession s) {
        sessions.remove(s.info.sessionId());
    }

    void register(TributaryMessageConsumer c) {
        consumers.put(c.info.consumerId(), c);
    }

    void unregister(TributaryMessageConsumer c) {
        consumers.remove(c.info.consumerId());
    }

    // ---- temporary destinations ----

    TributaryDestination createTemporary(boolean topic) throws JMSException {
        act();
        String address = provider.createTemporary(topic);
        TributaryDestination d = topic ? new TributaryTemporaryTopic(address, this)
                : new TributaryTemporaryQueue(address, this);
        temporaries.add(d);
        return d;
    }

    boolean ownsTemporary(TributaryDestination d) {
        return temporaries.contains(d);
    }

    /** A deleted temporary destination of this connection can no longer be used. */
    void checkTemporaryUsable(TributaryDestination d) throws JMSException {
        if (d.isTemporary() && isDeleted(d)) {
            throw new InvalidDestinationException("temporary destination " + d.address() + " was deleted");
        }
    }

    /** Created by this connection (it is the owner) and no longer among its live temporaries. */
    private boolean isDeleted(TributaryDestination d) {
        return d.temporaryOwner() == this && !temporaries.contains(d);
    }

    @Override
    public void deleteTemporary(TributaryDestination d) throws JMSException {
        checkClosed();
        if (!temporaries.contains(d)) {
            throw new IllegalStateException("temporary destination " + d.address() + " was not created by this "
                    + "connection or is already deleted");
        }
        for (TributaryMessageConsumer c : consumers.values()) {
            if (!c.isClosed() && c.info.destination().equals(d)) {
                throw new IllegalStateException("temporary destination " + d.address()
                        + " still has a consumer; close it first (TemporaryQueue)");
            }
        }
        provider.deleteTemporary(d.address());
        temporaries.remove(d);
    }

    // ---- start, stop, close ----

    @Override
    public void start() throws JMSException {
        act();
        started = true;
        for (TributarySession s : sessions.values()) {
            s.onStart();
        }
    }

    @Override
    public void stop() throws JMSException {
        checkClosed();
        if (onOwnListenerThread()) {
            throw new IllegalStateException("a MessageListener may not stop its own connection "
                    + "(Connection.stop)");
        }
        actionTaken = true;
        started = false;
        JmsExceptions.forEach(sessions.values(), TributarySession::onStop);
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (onOwnListenerThread()) {
            throw new IllegalStateException("a MessageListener may not close its own connection "
                    + "(Connection.close)");
        }
        for (TributarySession s : sessions.values()) {
            s.checkNotInCompletionListener("Connection.close");
        }
        synchronized (closeLock) {
            if (!closed) {
                closeSessionsAndProvider();
            }
        }
    }

    private void closeSessionsAndProvider() throws JMSException {
        try {
            JmsExceptions.forEach(new ArrayList<>(sessions.values()), TributarySession::closeInternal);
        } finally {
            closed = true;
            started = false;
            provider.close();
            exceptionDispatcher.shutdown();
        }
    }

    // ---- provider events ----

    @Override
    public void onMessage(JmsInboundMessage message) {
        TributaryMessageConsumer c = consumers.get(message.consumerId());
        if (c != null) {
            c.onInbound(message);
        }
    }

    @Override
    public void onConsumerClosed(long consumerId, JMSException cause) {
        TributaryMessageConsumer c = consumers.get(consumerId);
        if (c != null) {
            c.onRemoteClose(cause);
        }
        if (cause != null) {
            onAsyncException(cause);
        }
    }

    @Override
    public void onConnectionFailure(JMSException cause) {
        onAsyncException(cause);
    }

    // ---- application server facilities: not supported ----

    private static JMSException noAsf() {
        return new JMSException("connection consumers (application server facilities) are not supported");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination d, String s, ServerSessionPool p, int m)
            throws JMSException {
        checkClosed();
        throw noAsf();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic t, String n, String s, ServerSessionPool p, int m)
            throws JMSException {
        checkClosed();
        throw noAsf();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic t, String n, String s, ServerSessionPool p,
                                                              int m) throws JMSException {
        checkClosed();
        throw noAsf();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic t, String n, String s,
                                                                    ServerSessionPool p, int m) throws JMSException {
        checkClosed();
        throw noAsf();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue q, String s, ServerSessionPool p, int m)
            throws JMSException {
        checkClosed();
        throw noAsf();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic t, String s, ServerSessionPool p, int m)
            throws JMSException {
        checkClosed();
        throw noAsf();
    }
}
