package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.security.Permission;
import io.tributary.core.ClientText;
import io.tributary.core.ConnectionDetail;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.MalformedMessageException;
import io.tributary.core.message.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends to one address, or (anonymous) to each message's {@code to}, as the connection's user: a message whose
 * user-id names someone else is refused, and an address with {@code populate-user-id} gets the user filled in.
 * Blocked while a target queue is over its memory budget, and while the broker is over its global memory limit
 * unless its last message could be paged (a durable message to a queue or topic kept in the store, or any message
 * to a persistent stream; before its first send, any message on a persistent store); sends are still accepted then.
 *
 * <p>Thread-safe: its only mutable state is volatile.
 */
final class EngineProducer implements Producer {

    private final EngineSession session;
    private final AddressState address;
    private volatile AddressState lastTarget;
    /** The last message sent was durable (true before the first). */
    private volatile boolean lastDurable = true;
    private volatile boolean closed;
    /** Its number within the session, for operators. */
    final long linkId;
    private volatile String label;
    /** Messages sent that the engine took. */
    private final LongAdder received = new LongAdder();

    EngineProducer(EngineSession session, AddressState address) {
        this.session = session;
        this.linkId = session.nextLinkId();
        this.address = address;
        this.lastTarget = address;
    }

    @Override
    public void label(String name) {
        this.label = name;
    }

    /** A snapshot for operators. */
    ConnectionDetail.Link link() {
        return new ConnectionDetail.Link(label != null ? label : "producer-" + linkId, ConnectionDetail.Role.RECEIVER,
                address(), null, null, null, null, received.sum());
    }

    @Override
    public String address() {
        return address == null ? null : address.name;
    }

    @Override
    public CompletionStage<Void> send(Message message, TransactionId tx) {
        try {
            if (closed) {
                throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "producer on "
                        + (address == null ? "anonymous" : address.name) + " is closed; open a new producer");
            }
            if (message == null) {
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "send of a null message");
            }
            EngineConnection conn = session.connection();
            conn.checkOpen();
            AddressState target = address != null ? address : anonymousTarget(message);
            if (target.deleted) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, target
                        + " was deleted; send to an existing address");
            }
            lastTarget = target;
            message = withCheckedUser(message, target, conn.info().user());
            CompletionStage<Void> sent;
            if (tx != null) {
                conn.transaction(tx).send(target, message, conn);
                sent = StoreWork.DONE;
            } else {
                sent = session.engine().router().send(target, message, conn);
            }
            lastDurable = message.durable();
            received.increment();
            return sent;
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        } catch (MalformedMessageException e) {
            return CompletableFuture.failedFuture(new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    e.getMessage(), e));
        }
    }

    /**
     * The message as the connection's user may send it: a user-id that is not that user (or any user-id on an anonymous
     * connection, which can vouch for no one) is refused with UNAUTHORIZED; without one, the target's
     * {@code populate-user-id} setting fills in the user.
     */
    private static Message withCheckedUser(Message message, AddressState target, String user) {
        String claimed = message.userId();
        if (claimed == null) {
            return user != null && target.settings.populateUserId() ? message.withUserId(user) : message;
        }
        if (claimed.equals(user)) {
            return message;
        }
        throw new BrokerException(BrokerException.Kind.UNAUTHORIZED, user == null
                ? "message user-id '" + ClientText.safe(claimed) + "' is refused on an anonymous connection, which "
                        + "vouches for no user; log in as that user or leave the user-id unset"
                : "message user-id '" + ClientText.safe(claimed) + "' is not the authenticated user '"
                        + ClientText.safe(user) + "'; leave the user-id unset or set it to your own user name");
    }

    private AddressState anonymousTarget(Message message) {
        String to = message.to();
        if (to == null || to.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "anonymous producer: the message has no 'to' address; set the message's to");
        }
        AddressKind hint = null;
        if (message.messageAnnotation(JmsMapping.DEST) instanceof Number n) {
            byte b = n.byteValue();
            hint = b == JmsMapping.TOPIC_DEST || b == JmsMapping.TEMP_TOPIC_DEST ? AddressKind.TOPIC
                    : AddressKind.QUEUE;
        }
        AddressState target = session.engine().registry().resolveFor(to, hint, session.user());
        session.authorize(Permission.SEND, target);
        return target;
    }

    @Override
    public boolean blocked() {
        AddressState target = lastTarget;
        return target != null && target.firstOverBudget() != null || heldByGlobalLimit(target);
    }

    /** The broker is over its global memory limit and what this producer sends cannot be paged. */
    private boolean heldByGlobalLimit(AddressState target) {
        BrokerEngine engine = session.engine();
        if (!engine.globalMemory().blocked()) {
            return false;
        }
        if (engine.globalMemory().storeOverHalf()) {
            return true; // paging out would still grow the store's index
        }
        return target == null ? !engine.persistent() : !target.pageable(lastDurable);
    }

    @Override
    public void whenWritable(Runnable task) {
        AddressState target = lastTarget;
        while (target != null) {
            MessageQueue full = target.firstOverBudget();
            if (full == null) {
                break;
            }
            if (full.whenUnderBudget(() -> whenWritable(task))) {
                return;
            }
        }
        if (heldByGlobalLimit(target) && session.engine().globalMemory().await(() -> whenWritable(task))) {
            return;
        }
        task.run();
    }

    @Override
    public void close() {
        closed = true;
        session.forget(this);
    }
}
