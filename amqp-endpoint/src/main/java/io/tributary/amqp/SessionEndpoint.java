package io.tributary.amqp;

import io.tributary.core.BrokerSession;
import io.tributary.core.ClientText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP session: its engine {@link BrokerSession} and its links. Opens a {@link ProducerAdapter} for each link
 * the client sends on, a {@link ConsumerProxy} for each link it receives on, and a {@link CoordinatorAdapter} for
 * a transaction coordinator link.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class SessionEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEndpoint.class);

    private final ConnectionEndpoint connection;
    private final EventDispatch dispatch;
    private final Session session;
    private final Set<LinkEndpoint> links = new LinkedHashSet<>();
    private BrokerSession brokerSession;
    private BrokerSession globalSession;

    SessionEndpoint(ConnectionEndpoint connection, EventDispatch dispatch, Session session) {
        this.connection = connection;
        this.dispatch = dispatch;
        this.session = session;
    }

    BrokerSession brokerSession() {
        return brokerSession;
    }

    /** The session for links marked {@code global} (see {@link ConnectionEndpoint#globalConnection()}). */
    BrokerSession brokerSession(boolean global) {
        if (!global) {
            return brokerSession;
        }
        if (globalSession == null) {
            globalSession = connection.globalConnection().createSession();
        }
        return globalSession;
    }

    ConnectionEndpoint connection() {
        return connection;
    }

    void open() {
        brokerSession = connection.brokerConnection().createSession();
        session.open();
    }

    /** Ends the session from this side with {@code condition}: its links and engine session are released. */
    void end(ErrorCondition condition) {
        LOG.info("[{}] session ended: {}", connection.id(), condition.getDescription());
        release();
        session.setCondition(condition);
        session.close();
    }

    /** Opens and at once closes the session with {@code condition}. */
    void refuse(ErrorCondition condition) {
        session.open();
        session.setCondition(condition);
        session.close();
    }

    void onLinkOpen(Link link) {
        if (brokerSession == null) {
            // the session was refused or has ended: the peer's end answers this link too; what it sends is dropped
            return;
        }
        if (link.getLocalState() != EndpointState.UNINITIALIZED) {
            String role = link instanceof Receiver ? "sending" : "receiving";
            end(AmqpErrors.condition(AmqpError.RESOURCE_LOCKED, "link name '" + ClientText.safe(link.getName())
                    + "' is already attached on this session as a " + role + " link; a link name must be unique for "
                    + "its direction (AMQP 1.0 section 2.6.1) and this broker does not let a second attach take over "
                    + "a link, so detach the first link or choose another name"));
            return;
        }
        if (links.size() >= connection.config().maxLinks()) {
            refuseLink(link, AmqpErrors.limit("this session has reached its limit of " + connection.config().maxLinks()
                    + " links (limits.max-links); close links you no longer use or open another session"));
            return;
        }
        try {
            LinkEndpoint endpoint;
            if (link instanceof Receiver r && r.getRemoteTarget() instanceof Coordinator) {
                endpoint = new CoordinatorAdapter(this, r);
            } else if (link instanceof Receiver r) {
                endpoint = ProducerAdapter.open(this, r);
            } else {
                endpoint = ConsumerProxy.open(this, (Sender) link);
            }
            link.setContext(endpoint);
            links.add(endpoint);
        } catch (RuntimeException e) {
            LOG.debug("[{}] link '{}' refused: {}", connection.id(), ClientText.safe(link.getName()),
                    ClientText.safe(e));
            refuseLink(link, AmqpErrors.of(e));
        }
    }

    void onWritable() {
        for (LinkEndpoint l : new ArrayList<>(links)) {
            l.onWritable();
        }
    }

    void linkClosed(LinkEndpoint link) {
        links.remove(link);
    }

    /** The peer ended the session. */
    void onRemoteClose() {
        release();
        session.close();
        session.free();
    }

    /** Releases every link and the engine session, without answering the peer. */
    void release() {
        for (LinkEndpoint l : new ArrayList<>(links)) {
            try {
                l.release();
            } catch (RuntimeException e) {
                LOG.warn("[{}] releasing a link failed: {}", connection.id(), e.toString());
            }
        }
        links.clear();
        if (brokerSession != null) {
            brokerSession.close();
            brokerSession = null;
        }
        if (globalSession != null) {
            globalSession.close();
            globalSession = null;
        }
        dispatch.sessionClosed(this);
    }

    /** Answers an attach with a null terminus and at once closes the link with {@code condition}. */
    static void refuseLink(Link link, ErrorCondition condition) {
        if (link instanceof Sender) {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        } else {
            link.setTarget(null);
            link.setSource(link.getRemoteSource());
        }
        link.open();
        link.setCondition(condition);
        link.close();
    }
}
