package io.tributary.amqp;

import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.TransactionId;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's sending link (the client receives on it): a core {@link Consumer} whose deliveries are written as
 * transfers. Link credit becomes engine credit, drain becomes {@link Consumer#drain()}, and the client's
 * dispositions become {@link Consumer#settle} calls with the matching {@link Outcome} (in a transaction when the
 * state says so).
 *
 * <p>Not thread-safe: confined to the connection's event loop. The {@link DeliverySink} methods are called by the
 * engine on its threads and only hop to the loop.
 *
 * <p>Design note: credit is kept as an absolute limit. The client allows {@code sent + link credit} transfers in
 * all; whatever exceeds what was already granted to the engine is added, in windows while the socket is writable.
 * Deliveries still on their way to the loop are counted in {@code granted}, so none is granted twice.
 */
final class SendingLink implements LinkEndpoint, DeliverySink {

    private static final Logger LOG = LoggerFactory.getLogger(SendingLink.class);

    /** Deliveries granted to the engine beyond those written, at most (outside a drain). */
    static final int OUTSTANDING_WINDOW = 512;

    /** Marks the end of a drain among the deliveries handed to the loop. */
    private static final Delivery DRAINED = new Delivery(-1, null, 0, true);

    private final ConnectionEndpoint connection;
    private final LoopInbox<Delivery> inbox;
    private final Sender sender;
    private final String unsubscribeOnClose;
    private final boolean global;
    private final String temporaryAddress;
    private Consumer consumer;
    private long sent;
    private long granted;
    private boolean closed;
    /** We closed the link (with an error): the peer's answering close removes nothing. */
    private boolean closedHere;

    private SendingLink(ConnectionEndpoint connection, Sender sender, String unsubscribeOnClose, boolean global,
                          String temporaryAddress) {
        this.connection = connection;
        this.inbox = new LoopInbox<>(connection, this::write);
        this.sender = sender;
        this.unsubscribeOnClose = unsubscribeOnClose;
        this.global = global;
        this.temporaryAddress = temporaryAddress;
    }

    /** Opens the core consumer the link's source asks for and answers the attach. */
    static SendingLink open(SessionEndpoint session, Sender sender) {
        ConnectionEndpoint connection = session.connection();
        Source remote = (Source) sender.getRemoteSource();
        if (remote == null) {
            return lookUpSubscription(connection, sender);
        }
        String address = remote.getAddress();
        String temporary = null;
        if (remote.getDynamic()) {
            BrokerConnection bc = connection.brokerConnection();
            temporary = Termini.wantsTemporaryTopic(remote.getCapabilities())
                    ? bc.createTemporaryTopic() : bc.createTemporaryQueue();
            address = temporary;
        }
        if (address == null || address.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "link '"
                    + ClientText.safe(sender.getName())
                    + "' has a source without an address; give the address to receive from");
        }
        if (temporary == null) {
            Termini.requireExistingTemporary(connection.server().broker().addresses(), address,
                    remote.getCapabilities());
        }
        boolean preSettled = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        ConsumerSpec spec = Termini.consumerSpec(remote, address, sender.getName(), preSettled);
        boolean global = spec.shared() && Termini.has(remote.getCapabilities(), Termini.GLOBAL)
                && connection.brokerConnection().info().clientId() != null;
        SendingLink link = new SendingLink(connection, sender, spec.durable() ? spec.subscriptionName() : null,
                global, temporary);
        link.consumer = session.brokerSession(global).openConsumer(spec, link);
        link.consumer.label(sender.getName());
        Source local = new Source();
        local.setAddress(address);
        local.setDynamic(remote.getDynamic());
        local.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        local.setDurable(remote.getDurable());
        local.setExpiryPolicy(remote.getExpiryPolicy());
        local.setDistributionMode(remote.getDistributionMode());
        local.setCapabilities(remote.getCapabilities());
        local.setFilter(Termini.supportedFilters(remote.getFilter()));
        local.setDefaultOutcome(remote.getDefaultOutcome());
        local.setOutcomes(remote.getOutcomes());
        sender.setSource(local);
        sender.setTarget(sender.getRemoteTarget());
        sender.setSenderSettleMode(spec.preSettled() ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        if (spec.shared()) {
            sender.setOfferedCapabilities(new Symbol[] {EventDispatch.SHARED_SUBS});
        }
        sender.open();
        return link;
    }

    /**
     * An attach without a source looks up a durable subscription by link name (Qpid JMS does so to unsubscribe).
     * The link carries no consumer; closing it removes the subscription, or answers why that failed.
     */
    private static SendingLink lookUpSubscription(ConnectionEndpoint connection, Sender sender) {
        Source local = new Source();
        local.setDurable(TerminusDurability.UNSETTLED_STATE);
        local.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        local.setCapabilities(sender.getRemoteDesiredCapabilities());
        sender.setSource(local);
        sender.setTarget(sender.getRemoteTarget());
        sender.open();
        boolean global = Termini.has(sender.getRemoteDesiredCapabilities(), Termini.GLOBAL)
                && connection.brokerConnection().info().clientId() != null;
        return new SendingLink(connection, sender, Termini.subscriptionName(sender.getName()), global, null);
    }

    // ----- engine side (engine threads): hop to the loop

    @Override
    public void deliver(Delivery delivery) {
        inbox.add(delivery);
    }

    @Override
    public void drained() {
        inbox.add(DRAINED);
    }

    @Override
    public void closed(BrokerException cause) {
        connection.runLater(() -> {
            if (!closed) {
                closed = true;
                closedHere = true;
                sender.setCondition(AmqpErrors.of(cause));
                sender.close();
            }
        });
    }

    // ----- loop side

    private void write(Delivery delivery) {
        if (delivery == DRAINED) {
            onDrained();
            return;
        }
        if (closed) {
            return;
        }
        byte[] bytes = connection.headers().withDeliveryCount(delivery.message().encoded(), delivery.deliveryCount());
        org.apache.qpid.proton.engine.Delivery transfer =
                sender.delivery(ByteBuffer.allocate(Long.BYTES).putLong(delivery.id()).array());
        transfer.setContext(delivery.id());
        // the encoded message is never changed once made, so Proton-J may frame it from the array itself
        sender.sendNoCopy(ReadableBuffer.ByteBufferReader.wrap(bytes));
        sender.advance();
        sent++;
        if (delivery.settled()) {
            transfer.settle();
        }
        if (granted - sent < OUTSTANDING_WINDOW / 2) {
            grantCredit(sender.getDrain());
        }
    }

    private void onDrained() {
        if (closed) {
            return;
        }
        granted = sent;
        sender.drained();
    }

    @Override
    public void onFlow() {
        if (closed || consumer == null) {
            return;
        }
        boolean drain = sender.getDrain();
        grantCredit(drain);
        if (drain) {
            consumer.drain();
        }
    }

    @Override
    public void onWritable() {
        if (!closed && consumer != null) {
            grantCredit(sender.getDrain());
        }
    }

    /**
     * Grants the engine what the client allows: all of it when draining, else at most {@link #OUTSTANDING_WINDOW}
     * beyond what was written and only while the socket keeps up, so a client that grants much credit and reads
     * slowly cannot make the broker buffer without bound.
     */
    private void grantCredit(boolean all) {
        long limit = sent + sender.getCredit();
        if (!all) {
            if (!connection.writable()) {
                return;
            }
            limit = Math.min(limit, sent + OUTSTANDING_WINDOW);
        }
        if (limit > granted) {
            int delta = (int) Math.min(Integer.MAX_VALUE, limit - granted);
            granted += delta;
            try {
                consumer.addCredit(delta);
            } catch (BrokerException e) {
                // the engine closed the consumer meanwhile; its closed() callback may still be on its way
                fail(AmqpErrors.of(e));
            }
        }
    }

    @Override
    public void onDelivery(org.apache.qpid.proton.engine.Delivery transfer) {
        if (!(transfer.getContext() instanceof Long id) || consumer == null) {
            return;
        }
        DeliveryState state = transfer.getRemoteState();
        if (state == null && !transfer.remotelySettled()) {
            return;
        }
        TransactionId tx = null;
        if (state instanceof TransactionalState ts) {
            tx = connection.transactions().find(ts.getTxnId());
            if (tx == null) {
                fail(AmqpErrors.condition(TransactionErrors.UNKNOWN_ID, "transaction " + ts.getTxnId()
                        + " is not declared on this connection; declare it before settling in it"));
                return;
            }
            state = (DeliveryState) ts.getOutcome();
        }
        transfer.setContext(null);
        try {
            consumer.settle(id, outcome(state), tx);
        } catch (BrokerException e) {
            LOG.debug("[{}] settling delivery {} on {} failed: {}", connection.id(), id,
                    ClientText.safe(sender.getName()), ClientText.safe(e.getMessage()));
        }
        transfer.settle();
    }

    private static Outcome outcome(DeliveryState state) {
        if (state instanceof Released) {
            return Outcome.RELEASED;
        }
        if (state instanceof Rejected) {
            return Outcome.REJECTED;
        }
        if (state instanceof Modified m) {
            return Outcome.modified(Boolean.TRUE.equals(m.getDeliveryFailed()),
                    Boolean.TRUE.equals(m.getUndeliverableHere()));
        }
        if (state == null || state instanceof Accepted) {
            return Outcome.ACCEPTED;
        }
        throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "delivery state " + state
                + " is not an outcome; settle with accepted, released, rejected or modified");
    }

    @Override
    public void fail(ErrorCondition condition) {
        release();
        closedHere = true;
        LinkEndpoint.closeWithError(sender, condition);
    }

    @Override
    public void onRemoteClose(boolean closedByPeer) {
        release();
        ErrorCondition error = null;
        BrokerConnection bc = connection.brokerConnection();
        try {
            if (closedByPeer && !closedHere && unsubscribeOnClose != null && bc != null) {
                (global ? connection.globalConnection() : bc).unsubscribe(unsubscribeOnClose);
            }
            if (closedByPeer && !closedHere && temporaryAddress != null && bc != null) {
                bc.deleteTemporary(temporaryAddress);
            }
        } catch (RuntimeException e) {
            error = AmqpErrors.of(e);
        }
        LinkEndpoint.answerRemoteClose(sender, closedByPeer, error);
    }

    @Override
    public void release() {
        if (!closed) {
            closed = true;
            if (consumer != null) {
                consumer.close();
            }
        }
    }
}
