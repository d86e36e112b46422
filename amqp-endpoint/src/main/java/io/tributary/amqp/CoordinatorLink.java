package io.tributary.amqp;

import io.tributary.core.ClientText;
import io.tributary.core.TransactionId;
import io.tributary.core.message.AmqpCodec;
import io.tributary.core.message.MalformedMessageException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator link: {@code declare} begins a local transaction ({@code declared} answers its
 * txn-id), {@code discharge} commits it or, with {@code fail}, rolls it back. A session may declare as many
 * transactions as it likes; each is valid on every session of the connection.
 *
 * <p>Not thread-safe; confined to the connection's event loop (commit and rollback completions hop back).
 */
final class CoordinatorLink implements LinkEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLink.class);
    private static final int CREDIT = 100;

    private final SessionEndpoint session;
    private final ConnectionEndpoint connection;
    private final Receiver receiver;
    private final Set<Binary> open = new HashSet<>();
    private boolean closed;

    CoordinatorLink(SessionEndpoint session, Receiver receiver) {
        this.session = session;
        this.connection = session.connection();
        this.receiver = receiver;
        receiver.setTarget(receiver.getRemoteTarget());
        receiver.setSource(receiver.getRemoteSource());
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.open();
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (closed) {
            IncomingTransfer.discard(receiver, delivery);
            return;
        }
        if (IncomingTransfer.beyondCredit(receiver)) {
            fail(LinkEndpoint.overCredit(receiver));
            IncomingTransfer.discard(receiver, delivery);
            return;
        }
        IncomingTransfer transfer = IncomingTransfer.read(receiver, delivery, 64 * 1024);
        if (transfer == null) {
            return;
        }
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
        byte[] bytes = transfer.bytes();
        if (bytes == null) {
            reject(delivery, AmqpErrors.decodeError("coordinator message too large; send declare or discharge"));
            return;
        }
        Object body;
        try {
            body = AmqpCodec.decode(bytes).getBody();
        } catch (MalformedMessageException e) {
            reject(delivery, AmqpErrors.decodeError(e.getMessage() + "; send declare or discharge"));
            return;
        }
        Object value = body instanceof AmqpValue v ? v.getValue() : null;
        if (value instanceof Declare) {
            declare(delivery);
        } else if (value instanceof Discharge discharge) {
            discharge(delivery, discharge);
        } else {
            reject(delivery, AmqpErrors.decodeError("the coordinator expects declare or discharge, not "
                    + ClientText.safe(body)));
        }
    }

    private void declare(Delivery delivery) {
        TransactionId tx;
        try {
            tx = session.brokerSession().beginTransaction();
        } catch (RuntimeException e) {
            reject(delivery, AmqpErrors.of(e));
            return;
        }
        Declared declared = new Declared();
        Binary txnId = connection.transactions().declare(tx);
        open.add(txnId);
        declared.setTxnId(txnId);
        delivery.disposition(declared);
        delivery.settle();
    }

    private void discharge(Delivery delivery, Discharge discharge) {
        Binary txnId = discharge.getTxnId();
        TransactionId tx = connection.transactions().find(txnId);
        if (tx == null) {
            reject(delivery, AmqpErrors.condition(TransactionErrors.UNKNOWN_ID,
                    "transaction " + ClientText.safe(txnId)
                            + " is not declared on this connection or was already discharged"));
            return;
        }
        connection.transactions().discharged(txnId);
        open.remove(txnId);
        boolean rollback = Boolean.TRUE.equals(discharge.getFail());
        CompletionStage<Void> stage;
        try {
            stage = rollback ? session.brokerSession().rollback(tx) : session.brokerSession().commit(tx);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, err) -> connection.runLater(() -> {
            if (err == null) {
                if (!closed) {
                    delivery.disposition(Accepted.getInstance());
                    delivery.settle();
                }
                return;
            }
            LOG.debug("[{}] {} of {} failed: {}", connection.id(), rollback ? "rollback" : "commit", tx,
                    err.toString());
            ErrorCondition c = AmqpErrors.of(err);
            if (!rollback) {
                c = AmqpErrors.condition(TransactionErrors.TRANSACTION_ROLLBACK, c.getDescription());
            }
            reject(delivery, c);
        }));
    }

    private void reject(Delivery delivery, ErrorCondition error) {
        if (closed) {
            return;
        }
        delivery.disposition(AmqpErrors.rejected(error));
        delivery.settle();
    }

    @Override
    public void onRemoteClose(boolean closedByPeer) {
        release();
        LinkEndpoint.answerRemoteClose(receiver, closedByPeer, null);
    }

    @Override
    public void fail(ErrorCondition condition) {
        release();
        LinkEndpoint.closeWithError(receiver, condition);
    }

    /** The coordinator goes away: what it declared and did not discharge is rolled back. */
    @Override
    public void release() {
        closed = true;
        for (Binary txnId : open) {
            TransactionId tx = connection.transactions().find(txnId);
            connection.transactions().discharged(txnId);
            if (tx != null && session.brokerSession() != null) {
                rollbackQuietly(tx);
            }
        }
        open.clear();
    }

    private void rollbackQuietly(TransactionId tx) {
        try {
            session.brokerSession().rollback(tx).whenComplete((v, err) -> {
                if (err != null) {
                    LOG.debug("[{}] rollback of {} after its coordinator closed failed: {}", connection.id(), tx,
                            err.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("[{}] rollback of {} after its coordinator closed failed: {}", connection.id(), tx, e.toString());
        }
    }
}
