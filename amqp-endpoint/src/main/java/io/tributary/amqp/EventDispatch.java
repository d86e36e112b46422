package io.tributary.amqp;

import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.message.AmqpSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SessionError;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed dispatch of one connection's Proton events: connection open and close, sessions, and the routing of
 * link events to each link's {@link LinkEndpoint}.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class EventDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatch.class);

    static final Symbol SOLE_CONNECTION = Symbol.valueOf(AmqpSymbols.SOLE_CONNECTION_FOR_CONTAINER);
    static final Symbol ANONYMOUS_RELAY = Symbol.valueOf(AmqpSymbols.ANONYMOUS_RELAY);
    static final Symbol DELAYED_DELIVERY = Symbol.valueOf(AmqpSymbols.DELAYED_DELIVERY);
    static final Symbol SHARED_SUBS = Symbol.valueOf(AmqpSymbols.SHARED_SUBS);
    static final Symbol OPEN_FAILED = Symbol.valueOf(AmqpSymbols.CONNECTION_ESTABLISHMENT_FAILED);
    private static final Pattern GENERATED_ID = Pattern.compile(
            "ID:(.*-)?\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}:\\d+");

    private final ConnectionEndpoint owner;
    private final Set<SessionEndpoint> sessions = new LinkedHashSet<>();
    /** The session of each remote channel, as learnt from the attaches on it. */
    private final Map<Integer, Session> sessionsByChannel = new HashMap<>();
    private boolean released;

    EventDispatch(ConnectionEndpoint owner) {
        this.owner = owner;
    }

    void dispatch(Event event) {
        if (released && opens(event.getType())) {
            return; // the connection is over (the client closed it, or we did): nothing new starts
        }
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> onConnectionOpen(event.getConnection());
            case CONNECTION_REMOTE_CLOSE -> owner.remoteClosed();
            case SESSION_REMOTE_OPEN -> onSessionOpen(event.getSession());
            case SESSION_REMOTE_CLOSE -> onSessionClose(event.getSession());
            case LINK_REMOTE_OPEN -> onLinkOpen(event.getLink());
            case LINK_REMOTE_DETACH -> onLinkClose(event.getLink(), false);
            case LINK_REMOTE_CLOSE -> onLinkClose(event.getLink(), true);
            case LINK_FLOW -> onLinkEvent(event, false);
            case DELIVERY -> onLinkEvent(event, true);
            case TRANSPORT_ERROR -> owner.transportError();
            default -> {
                // other events need no action
            }
        }
    }

    /**
     * Hands a flow or delivery to its link. An engine refusal (its consumer or producer closed meanwhile, a
     * transaction gone) closes that link with the error; the connection carries on.
     */
    private void onLinkEvent(Event event, boolean delivery) {
        if (!(event.getLink().getContext() instanceof LinkEndpoint l)) {
            if (delivery && event.getLink() instanceof Receiver r) {
                // a refused link: what its peer sends before it sees the refusal is dropped, never kept
                IncomingTransfer.discard(r, event.getDelivery());
            }
            return;
        }
        try {
            if (delivery) {
                l.onDelivery(event.getDelivery());
            } else {
                l.onFlow();
            }
        } catch (BrokerException e) {
            LOG.debug("[{}] link '{}' failed: {}", owner.id(), ClientText.safe(event.getLink().getName()),
                    ClientText.safe(e.getMessage()));
            l.fail(AmqpErrors.of(e));
        }
    }

    private static boolean opens(Event.Type type) {
        return type == Event.Type.SESSION_REMOTE_OPEN || type == Event.Type.LINK_REMOTE_OPEN
                || type == Event.Type.LINK_FLOW || type == Event.Type.DELIVERY;
    }

    /** Releases every session's engine state (the connection is going away). */
    void releaseAll() {
        released = true;
        for (SessionEndpoint s : new ArrayList<>(sessions)) {
            s.release();
        }
        sessions.clear();
    }

    /** The socket can take more output: let the links that held back go on. */
    void onWritable() {
        for (SessionEndpoint s : new ArrayList<>(sessions)) {
            s.onWritable();
        }
    }

    void sessionClosed(SessionEndpoint session) {
        sessions.remove(session);
        sessionsByChannel.values().removeIf(s -> s.getContext() == session);
    }

    private void onConnectionOpen(Connection connection) {
        connection.setContainer("tributary");
        connection.setProperties(owner.server().openProperties());
        if (!owner.admit()) {
            refuseConnection(connection, AmqpErrors.limit("the broker has reached its limit of "
                    + owner.config().maxConnections() + " connections (limits.max-connections); close some "
                    + "connections or raise the limit"));
            return;
        }
        String container = connection.getRemoteContainer();
        if (container == null || container.isEmpty()) {
            container = "anonymous-" + owner.id();
        }
        String clientId = clientId(container, connection.getRemoteDesiredCapabilities());
        LOG.debug("[{}] open from container '{}' (hostname '{}', user '{}')", owner.id(), ClientText.safe(container),
                ClientText.safe(connection.getRemoteHostname()), ClientText.safe(owner.user()));
        try {
            BrokerConnection bc = owner.server().broker().connect(new ConnectionInfo(container, clientId,
                    owner.user(), owner.id()));
            bc.onClosedByOperator(reason -> owner.runLater(() -> owner.forceClose(reason)));
            owner.brokerConnection(bc);
        } catch (RuntimeException e) {
            refuseConnection(connection, AmqpErrors.of(e));
            return;
        }
        Symbol[] offered = clientId != null
                ? new Symbol[] {ANONYMOUS_RELAY, DELAYED_DELIVERY, SHARED_SUBS, SOLE_CONNECTION}
                : new Symbol[] {ANONYMOUS_RELAY, DELAYED_DELIVERY, SHARED_SUBS};
        connection.setOfferedCapabilities(offered);
        connection.open();
    }

    /**
     * The client id a connection holds: its container id when it asks to be the only connection of its container,
     * unless that id is one Qpid JMS generated because the application set none ({@code ID:<uuid>:<n>}; Qpid JMS
     * asks for sole-connection-for-container either way, and marks the subscriptions of such connections
     * {@code global}).
     */
    static String clientId(String container, Symbol[] desiredCapabilities) {
        if (!Termini.has(desiredCapabilities, SOLE_CONNECTION) || GENERATED_ID.matcher(container).matches()) {
            return null;
        }
        return container;
    }

    private void refuseConnection(Connection connection, ErrorCondition condition) {
        LOG.info("[{}] connection refused: {}", owner.id(), ClientText.safe(condition.getDescription()));
        connection.setProperties(Map.of(AmqpServer.PRODUCT, AmqpServer.PRODUCT_NAME, OPEN_FAILED, true));
        connection.open();
        connection.setCondition(condition);
        connection.close();
    }

    private void onSessionOpen(Session session) {
        if (owner.brokerConnection() == null) {
            session.open();
            session.close();
            return;
        }
        SessionEndpoint endpoint = new SessionEndpoint(owner, this, session);
        session.setContext(endpoint);
        if (sessions.size() >= owner.config().maxSessions()) {
            endpoint.refuse(AmqpErrors.limit("this connection has reached its limit of "
                    + owner.config().maxSessions() + " sessions (limits.max-sessions); close sessions you no "
                    + "longer use"));
            return;
        }
        try {
            endpoint.open();
        } catch (BrokerException e) {
            endpoint.refuse(AmqpErrors.of(e));
            return;
        }
        sessions.add(endpoint);
    }

    private void onSessionClose(Session session) {
        if (session.getContext() instanceof SessionEndpoint s) {
            s.onRemoteClose();
            sessions.remove(s);
        } else {
            session.close();
        }
    }

    /**
     * A peer's attach. Proton-J reports an attach that reuses a live handle as a link-open event without a link: that
     * ends the session the attach came on with {@code amqp:session:handle-in-use}.
     */
    private void onLinkOpen(Link link) {
        GuardedTransport.AttachSeen attach = owner.nextAttach();
        if (link == null) {
            handleInUse(attach);
            return;
        }
        if (attach != null) {
            sessionsByChannel.put(attach.channel(), link.getSession());
        }
        if (link.getSession().getContext() instanceof SessionEndpoint s) {
            s.onLinkOpen(link);
        } else {
            link.close();
        }
    }

    private void handleInUse(GuardedTransport.AttachSeen attach) {
        Session session = attach == null ? null : sessionsByChannel.get(attach.channel());
        String what = attach == null ? "an attach reused a link handle that is in use"
                : "the attach of link '" + ClientText.safe(attach.name()) + "' uses handle " + attach.handle()
                        + ", which a link attached on this session (channel " + attach.channel() + ") still holds";
        ErrorCondition condition = AmqpErrors.condition(SessionError.HANDLE_IN_USE, what + "; a handle is free again "
                + "only once its link is detached, so use another handle");
        if (session != null && session.getContext() instanceof SessionEndpoint s) {
            s.end(condition);
        } else {
            LOG.info("[{}] {}", owner.id(), condition.getDescription());
            owner.protocolError(condition);
        }
    }

    private void onLinkClose(Link link, boolean closed) {
        if (link.getContext() instanceof LinkEndpoint l) {
            l.onRemoteClose(closed);
            if (link.getSession().getContext() instanceof SessionEndpoint s) {
                s.linkClosed(l);
            }
        } else {
            link.close();
            link.free();
        }
    }
}
