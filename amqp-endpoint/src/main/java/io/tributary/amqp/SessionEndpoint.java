package io.tributary.amqp;

import io.tributary.core.BrokerSession;
import io.tributary.core.ClientText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
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
 * One AMQP session: its engine {@link BrokerSession} and its links. Opens a {@link ReceivingLink} for each link
 * the client sends on, a {@link SendingLink} for each link it receives on, and a {@link CoordinatorLink} for
 * a transaction coordinator link.
 *
 * <p>Design note: an attach whose address must first be created with store I/O (a new persistent stream, which is
 * recovered from the store) is answered later: the address is made ready on an engine thread
 * ({@code Addresses.prepare}) and the attach is answered on the loop once it is, so a slow or
 * unreachable database never stalls the loop and the other connections on it. Meanwhile the link is pending; if its
 * session ends or its peer detaches it first, it is dropped.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class SessionEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEndpoint.class);
    private static final CompletionStage<Void> READY = CompletableFuture.completedFuture(null);

    private final ConnectionEndpoint connection;
    private final EventDispatch dispatch;
    private final Session session;
    private final Set<LinkEndpoint> links = new LinkedHashSet<>();
    /** Links whose attach waits for their address (see {@link #prepare(Link)}). */
    private final Set<Link> pending = new HashSet<>();
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
        if (links.size() + pending.size() >= connection.config().maxLinks()) {
            refuseLink(link, AmqpErrors.limit("this session has reached its limit of " + connection.config().maxLinks()
                    + " links (limits.max-links); close links you no longer use or open another session"));
            return;
        }
        CompletionStage<Void> ready = prepare(link);
        if (ready.toCompletableFuture().isDone() && !ready.toCompletableFuture().isCompletedExceptionally()) {
            attach(link);
            return;
        }
        pending.add(link);
        ready.whenComplete((ok, failure) -> connection.runLater(() -> attachWhenReady(link, failure)));
    }

    /**
     * Gets the link's address ready off the loop (a new persistent stream is recovered from the store on an engine
     * thread); complete at once for everything else.
     */
    private CompletionStage<Void> prepare(Link link) {
        String address = null;
        Symbol[] capabilities = null;
        if (link instanceof Receiver r && r.getRemoteTarget() instanceof Target t && !t.getDynamic()) {
            address = t.getAddress();
            capabilities = t.getCapabilities();
        } else if (link instanceof Sender s && s.getRemoteSource() instanceof Source src && !src.getDynamic()) {
            address = Termini.addressOf(src);
            capabilities = src.getCapabilities();
        }
        if (address == null || address.isEmpty()) {
            return READY;
        }
        return connection.server().broker().addresses().prepare(address, Termini.kindHint(capabilities),
                connection.user());
    }

    /**
     * On the loop: the link's address is ready (or could not be made so): attach it now, unless its session ended
     * or the peer detached it meanwhile.
     */
    private void attachWhenReady(Link link, Throwable failure) {
        if (!pending.remove(link) || link.getRemoteState() == EndpointState.CLOSED) {
            return;
        }
        if (failure != null) {
            LOG.debug("[{}] link '{}' refused: {}", connection.id(), ClientText.safe(link.getName()),
                    ClientText.safe(failure));
            refuseLink(link, AmqpErrors.of(failure));
            return;
        }
        attach(link);
    }

    private void attach(Link link) {
        try {
            LinkEndpoint endpoint;
            if (link instanceof Receiver r && r.getRemoteTarget() instanceof Coordinator) {
                endpoint = new CoordinatorLink(this, r);
            } else if (link instanceof Receiver r) {
                endpoint = ReceivingLink.open(this, r);
            } else {
                endpoint = SendingLink.open(this, (Sender) link);
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
        pending.clear();
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
