package io.tributary.jms;

import io.tributary.core.message.JmsMapping;
import io.tributary.jms.message.Messages;
import io.tributary.jms.message.TributaryObjectMessage;
import io.tributary.jms.message.TributaryTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import java.io.Serializable;

/**
 * The Session methods that only create objects or delegate: message factories, destinations, the
 * convenience overloads and the domain-specific (Queue*, Topic*) variants, which throw
 * IllegalStateException when called on the wrong domain's session. {@link TributarySession} holds the
 * state and the rest.
 *
 * <p>Thread model: as {@link TributarySession}; this class has no mutable state.
 */
abstract class DomainSession implements QueueSession, TopicSession {

    /** Which domain-specific interface created it: domain-inappropriate methods throw (domain-inappropriate method). */
    enum Domain { ANY, QUEUE, TOPIC }

    private final Domain domain;

    DomainSession(Domain domain) {
        this.domain = domain;
    }

    abstract void checkClosed() throws IllegalStateException;

    private <T extends Message> T create(byte type, Class<T> c) throws JMSException {
        checkClosed();
        return c.cast(Messages.create(type));
    }

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        return create(JmsMapping.BYTES_MESSAGE_TYPE, BytesMessage.class);
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        return create(JmsMapping.MAP_MESSAGE_TYPE, MapMessage.class);
    }

    @Override
    public Message createMessage() throws JMSException {
        return create(JmsMapping.MESSAGE_TYPE, Message.class);
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        return create(JmsMapping.OBJECT_MESSAGE_TYPE, ObjectMessage.class);
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        TributaryObjectMessage m = create(JmsMapping.OBJECT_MESSAGE_TYPE, TributaryObjectMessage.class);
        m.setObject(object);
        return m;
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        return create(JmsMapping.STREAM_MESSAGE_TYPE, StreamMessage.class);
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        return create(JmsMapping.TEXT_MESSAGE_TYPE, TextMessage.class);
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        TributaryTextMessage m = create(JmsMapping.TEXT_MESSAGE_TYPE, TributaryTextMessage.class);
        m.setText(text);
        return m;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector) throws JMSException {
        return createConsumer(destination, selector, false);
    }

    static void checkSubscriptionName(String name) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new JMSException("a subscription name must not be null or empty");
        }
    }

    static Topic checkTopic(Topic topic) throws InvalidDestinationException {
        if (topic == null) {
            throw new InvalidDestinationException("the topic is null");
        }
        return topic;
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name) throws JMSException {
        return createSharedConsumer(topic, name, null);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        return createDurableSubscriber(topic, name, selector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public Queue createQueue(String name) throws JMSException {
        checkClosed();
        checkDomain(Domain.TOPIC, "createQueue");
        return new TributaryQueue(name);
    }

    @Override
    public Topic createTopic(String name) throws JMSException {
        checkClosed();
        checkDomain(Domain.QUEUE, "createTopic");
        return new TributaryTopic(name);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return createReceiver(queue, null);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String selector) throws JMSException {
        checkDomain(Domain.TOPIC, "createReceiver");
        return (QueueReceiver) createConsumer(queue, selector);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        checkDomain(Domain.TOPIC, "createSender");
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return createSubscriber(topic, null, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String selector, boolean noLocal) throws JMSException {
        checkDomain(Domain.QUEUE, "createSubscriber");
        return (TopicSubscriber) createConsumer(topic, selector, noLocal);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        checkDomain(Domain.QUEUE, "createPublisher");
        return (TopicPublisher) createProducer(topic);
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkClosed();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkClosed();
        throw new JMSException("Session.setMessageListener (application server facilities) is not supported");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run (application server facilities) is not supported");
    }

    final void checkDomain(Domain forbidden, String method) throws IllegalStateException {
        if (domain == forbidden) {
            throw new IllegalStateException(method + " is not allowed on a " + (domain == Domain.QUEUE
                    ? "QueueSession" : "TopicSession") + " (a domain-inappropriate method)");
        }
    }
}
