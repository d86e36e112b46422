package io.tributary.jms;

import io.tributary.jms.message.Messages;
import io.tributary.jms.message.TributaryMessage;
import io.tributary.jms.provider.JmsOutboundMessage;
import io.tributary.jms.provider.JmsProducerInfo;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A message producer. Sets the send-time headers ( JMSDestination, JMSDeliveryMode,
 * JMSExpiration, JMSDeliveryTime, JMSPriority, JMSMessageID, JMSTimestamp) on the message, foreign or
 * not, and hands it to the provider; synchronous sends wait for the broker's confirmation.
 *
 * <p>Used by one application thread at a time, as the session it belongs to.
 */
final class TributaryMessageProducer implements QueueSender, TopicPublisher {

    private final TributarySession session;
    private final JmsProducerInfo info;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive;
    private long deliveryDelay;
    private boolean disableMessageId;
    private boolean disableTimestamp;

    TributaryMessageProducer(TributarySession session, JmsProducerInfo info) {
        this.session = session;
        this.info = info;
    }

    void checkClosed() throws JMSException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("message producer");
        }
    }

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkClosed();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkClosed();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkClosed();
        disableTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkClosed();
        return disableTimestamp;
    }

    @Override
    public void setDeliveryMode(int mode) throws JMSException {
        checkClosed();
        checkDeliveryMode(mode);
        deliveryMode = mode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkClosed();
        return deliveryMode;
    }

    @Override
    public void setPriority(int value) throws JMSException {
        checkClosed();
        checkPriority(value);
        priority = value;
    }

    @Override
    public int getPriority() throws JMSException {
        checkClosed();
        return priority;
    }

    @Override
    public void setTimeToLive(long value) throws JMSException {
        checkClosed();
        timeToLive = value;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkClosed();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long value) throws JMSException {
        checkClosed();
        deliveryDelay = value;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkClosed();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkClosed();
        return info.destination();
    }

    @Override
    public Queue getQueue() throws JMSException {
        return (Queue) getDestination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        return (Topic) getDestination();
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        session.checkNotInCompletionListener("MessageProducer.close");
        closed = true;
        session.producerClosed(this);
        session.connection.provider.destroy(info);
    }

    // ---- sends ----

    @Override
    public void send(Message message) throws JMSException {
        sendToOwn(message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, int mode, int prio, long ttl) throws JMSException {
        sendToOwn(message, mode, prio, ttl, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        sendTo(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message, int mode, int prio, long ttl) throws JMSException {
        sendTo(destination, message, mode, prio, ttl, null);
    }

    @Override
    public void send(Message message, CompletionListener listener) throws JMSException {
        sendToOwn(message, deliveryMode, priority, timeToLive, requireListener(listener));
    }

    @Override
    public void send(Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        sendToOwn(message, mode, prio, ttl, requireListener(listener));
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener listener) throws JMSException {
        sendTo(destination, message, deliveryMode, priority, timeToLive, requireListener(listener));
    }

    @Override
    public void send(Destination destination, Message message, int mode, int prio, long ttl,
                     CompletionListener listener) throws JMSException {
        sendTo(destination, message, mode, prio, ttl, requireListener(listener));
    }

    /** A send to the producer's own destination; a null listener makes it synchronous. */
    private void sendToOwn(Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        checkClosed();
        if (info.destination() == null) {
            throw new UnsupportedOperationException("this producer has no destination; use send(Destination, "
                    + "Message)");
        }
        doSend(info.destination(), message, mode, prio, ttl, listener);
    }

    /** A send of an anonymous producer; a null listener makes it synchronous. */
    private void sendTo(Destination destination, Message message, int mode, int prio, long ttl,
                        CompletionListener listener) throws JMSException {
        checkClosed();
        if (info.destination() != null) {
            throw new UnsupportedOperationException("this producer was created for " + info.destination()
                    + "; use send(Message)");
        }
        if (destination == null) {
            throw new InvalidDestinationException("the destination is null");
        }
        doSend(TributaryDestination.from(destination), message, mode, prio, ttl, listener);
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int mode, int prio, long ttl) throws JMSException {
        send((Destination) queue, message, mode, prio, ttl);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int mode, int prio, long ttl) throws JMSException {
        send(message, mode, prio, ttl);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int mode, int prio, long ttl) throws JMSException {
        send(topic, message, mode, prio, ttl);
    }

    private static CompletionListener requireListener(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("the CompletionListener is null; an asynchronous send needs one "
                    + "(use a send method without a CompletionListener to send synchronously)");
        }
        return listener;
    }

    static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + mode + " is neither PERSISTENT (2) nor NON_PERSISTENT (1)");
        }
    }

    static void checkPriority(int prio) throws JMSException {
        if (prio < 0 || prio > 9) {
            throw new JMSException("priority " + prio + " is outside 0..9");
        }
    }

    private void doSend(TributaryDestination destination, Message message, int mode, int prio, long ttl,
                        CompletionListener listener) throws JMSException {
        if (message == null) {
            throw new MessageFormatException("the message to send is null");
        }
        checkDeliveryMode(mode);
        checkPriority(prio);
        session.connection.checkTemporaryUsable(destination);
        TributaryMessage m = message instanceof TributaryMessage tm ? tm : Messages.copyForeign(message);
        long now = System.currentTimeMillis();
        String id = disableMessageId ? null : "ID:" + session.connection.connectionId() + ":"
                + session.info.sessionId() + ":" + info.producerId() + ":" + sequence.incrementAndGet();
        long timestamp = disableTimestamp ? 0 : now;
        long expiration = ttl > 0 ? now + ttl : 0;
        long deliveryTime = deliveryDelay > 0 ? now + deliveryDelay : 0;
        var f = m.facade();
        f.setTo(destination.address(), destination.typeCode());
        f.setPersistent(mode == DeliveryMode.PERSISTENT);
        f.setPriority(prio);
        f.setMessageId(id);
        f.setTimestamp(timestamp);
        f.setExpiration(expiration);
        f.setTimeToLive(ttl > 0 ? ttl : 0);
        f.setDeliveryTime(deliveryTime);
        f.setDeliveryCount(0);
        m.storeBody();
        if (m != message) {
            message.setJMSDestination(destination);
            message.setJMSDeliveryMode(mode);
            message.setJMSPriority(prio);
            message.setJMSMessageID(id);
            message.setJMSTimestamp(timestamp);
            message.setJMSExpiration(expiration);
            message.setJMSDeliveryTime(deliveryTime == 0 ? timestamp : deliveryTime);
        }
        CompletableFuture<Void> sent = session.connection.provider
                .send(new JmsOutboundMessage(info, destination, f.copy())).toCompletableFuture();
        if (listener == null) {
            try {
                sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw JmsExceptions.fromFuture(e);
            } catch (ExecutionException e) {
                throw JmsExceptions.fromFuture(e);
            }
        } else {
            session.trackAsyncSend(sent, message, listener);
        }
    }
}
