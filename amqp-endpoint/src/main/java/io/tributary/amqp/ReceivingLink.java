package io.tributary.amqp;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.message.MalformedMessageException;
import io.tributary.core.message.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Outcome;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's receiving link (the client sends on it): decodes each transfer into a canonical {@link Message}
 * and hands it to a core {@link Producer}. Credit is granted in windows and withheld while the producer is
 * blocked. An unsettled transfer is settled with {@code accepted} only once the engine confirms the send (durable
 * messages stored); a failure answers {@code rejected} with the error. A pre-settled transfer is at-most-once. A
 * transfer beyond the credit closes the link with {@code amqp:link:transfer-limit-exceeded} and is dropped, as is
 * whatever arrives on the link after it closed.
 *
 * <p>Not thread-safe; confined to the connection's event loop (engine completions hop back to it).
 */
final class ReceivingLink implements LinkEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ReceivingLink.class);
    static final int CREDIT_WINDOW = 1000;

    private final ConnectionEndpoint connection;
    private final LoopInbox<Confirmation> confirmations;
    private final Receiver receiver;
    private final Producer producer;
    private final String temporaryAddress;
    private boolean closed;
    private boolean awaitingWritable;

    private ReceivingLink(ConnectionEndpoint connection, Receiver receiver, Producer producer,
                            String temporaryAddress) {
        this.connection = connection;
        this.confirmations = new LoopInbox<>(connection, this::confirm);
        this.receiver = receiver;
        this.producer = producer;
        this.temporaryAddress = temporaryAddress;
    }

    /** Opens the core producer for the link's target and answers the attach. */
    static ReceivingLink open(SessionEndpoint session, Receiver receiver) {
        ConnectionEndpoint connection = session.connection();
        Target remote = (Target) receiver.getRemoteTarget();
        if (remote == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "link '" + ClientText.safe(receiver.getName())
                            + "' has no target; attach with a target (its address may be null "
                            + "for the anonymous relay)");
        }
        String address = remote.getAddress();
        AddressKind hint = Termini.kindHint(remote.getCapabilities());
        String temporary = null;
        if (remote.getDynamic()) {
            BrokerConnection bc = connection.brokerConnection();
            temporary = Termini.wantsTemporaryTopic(remote.getCapabilities())
                    ? bc.createTemporaryTopic() : bc.createTemporaryQueue();
            address = temporary;
        }
        if (temporary == null && address != null) {
            Termini.requireExistingTemporary(connection.server().broker().addresses(), address,
                    remote.getCapabilities());
        }
        Producer producer;
        try {
            producer = session.brokerSession().openProducer(address, hint);
            producer.label(receiver.getName());
        } catch (RuntimeException e) {
            if (temporary != null) {
                connection.brokerConnection().deleteTemporary(temporary);
            }
            throw e;
        }
        Target local = new Target();
        local.setAddress(address);
        local.setDynamic(remote.getDynamic());
        local.setCapabilities(remote.getCapabilities());
        local.setDurable(remote.getDurable());
        local.setExpiryPolicy(remote.getExpiryPolicy());
        local.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        receiver.setTarget(local);
        receiver.setSource(receiver.getRemoteSource());
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.setOfferedCapabilities(new Symbol[] {EventDispatch.DELAYED_DELIVERY});
        receiver.setMaxMessageSize(UnsignedLong.valueOf(connection.config().maxMessageSize()));
        ReceivingLink link = new ReceivingLink(connection, receiver, producer, temporary);
        receiver.open();
        link.grantCredit();
        return link;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (closed) {
            IncomingTransfer.discard(receiver, delivery);
            return;
        }
        if (IncomingTransfer.beyondCredit(receiver)) {
            ErrorCondition error = LinkEndpoint.overCredit(receiver);
            LOG.info("[{}] link '{}' closed: {}", connection.id(), ClientText.safe(receiver.getName()),
                    error.getDescription());
            fail(error);
            IncomingTransfer.discard(receiver, delivery);
            return;
        }
        if (delivery.isAborted()) {
            delivery.settle();
            grantCredit();
            return;
        }
        long max = connection.config().maxMessageSize();
        IncomingTransfer transfer = IncomingTransfer.read(receiver, delivery, max);
        if (transfer == null) {
            return;
        }
        byte[] bytes = transfer.bytes();
        if (bytes == null) {
            settle(delivery, null, AmqpErrors.limit("message of " + transfer.total() + " bytes exceeds the limit of "
                    + max + " bytes (limits.max-message-size); send smaller messages or raise the limit"));
        } else {
            send(delivery, bytes);
        }
        grantCredit();
    }

    private void send(Delivery delivery, byte[] bytes) {
        Binary txnId = null;
        TransactionId tx = null;
        DeliveryState state = delivery.getRemoteState();
        if (state instanceof TransactionalState ts) {
            txnId = ts.getTxnId();
            tx = connection.transactions().find(txnId);
            if (tx == null) {
                settle(delivery, txnId, AmqpErrors.condition(TransactionErrors.UNKNOWN_ID,
                        "transaction " + ClientText.safe(txnId)
                                + " is not declared on this connection; declare it first"));
                return;
            }
        }
        Message message;
        try {
            message = Message.decode(bytes);
        } catch (MalformedMessageException e) {
            settle(delivery, txnId, AmqpErrors.decodeError(e.getMessage() + "; send an AMQP 1.0 encoded message"));
            return;
        }
        CompletionStage<Void> stage;
        try {
            stage = producer.send(message, tx);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (delivery.remotelySettled()) {
            delivery.settle();
            stage.whenComplete((v, err) -> {
                if (err != null) {
                    LOG.debug("[{}] pre-settled message to {} dropped: {}", connection.id(),
                            ClientText.safe(producer.address()), ClientText.safe(err));
                }
            });
            return;
        }
        Binary id = txnId;
        CompletableFuture<Void> done = completedOrNull(stage);
        if (done != null) {
            // already routed (a non-durable message): settle now instead of hopping through the loop's queue
            Throwable err = done.isCompletedExceptionally() ? done.handle((v, e) -> e).join() : null;
            settle(delivery, id, err == null ? null : AmqpErrors.of(err));
            return;
        }
        stage.whenComplete((v, err) -> confirmations.add(new Confirmation(delivery, id, err)));
    }

    private static CompletableFuture<Void> completedOrNull(CompletionStage<Void> stage) {
        try {
            CompletableFuture<Void> f = stage.toCompletableFuture();
            return f.isDone() ? f : null;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** A send the engine completed, on its way back to the loop. */
    private record Confirmation(Delivery delivery, Binary txnId, Throwable failure) {
    }

    private void confirm(Confirmation c) {
        settle(c.delivery(), c.txnId(), c.failure() == null ? null : AmqpErrors.of(c.failure()));
    }

    /** Answers the outcome: accepted when {@code error} is null, else rejected with it. */
    private void settle(Delivery delivery, Binary txnId, ErrorCondition error) {
        if (closed) {
            return;
        }
        DeliveryState outcome = error == null ? Accepted.getInstance() : AmqpErrors.rejected(error);
        if (txnId != null) {
            TransactionalState ts = new TransactionalState();
            ts.setTxnId(txnId);
            ts.setOutcome((Outcome) outcome);
            outcome = ts;
        }
        delivery.disposition(outcome);
        delivery.settle();
    }

    /** Tops credit up to the window, unless the producer is blocked: then once it is writable again. */
    private void grantCredit() {
        if (closed) {
            return;
        }
        if (producer.blocked()) {
            if (!awaitingWritable) {
                awaitingWritable = true;
                producer.whenWritable(() -> connection.runLater(() -> {
                    awaitingWritable = false;
                    grantCredit();
                }));
            }
            return;
        }
        int credit = receiver.getCredit();
        if (credit < CREDIT_WINDOW / 2) {
            receiver.flow(CREDIT_WINDOW - credit);
        }
    }

    @Override
    public void onRemoteClose(boolean closedByPeer) {
        ErrorCondition error = null;
        release();
        if (closedByPeer && temporaryAddress != null) {
            try {
                connection.brokerConnection().deleteTemporary(temporaryAddress);
            } catch (RuntimeException e) {
                error = AmqpErrors.of(e);
            }
        }
        LinkEndpoint.answerRemoteClose(receiver, closedByPeer, error);
    }

    @Override
    public void fail(ErrorCondition condition) {
        release();
        LinkEndpoint.closeWithError(receiver, condition);
    }

    @Override
    public void release() {
        if (!closed) {
            closed = true;
            producer.close();
        }
    }
}
