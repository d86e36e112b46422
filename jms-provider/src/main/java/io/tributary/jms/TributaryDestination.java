package io.tributary.jms;

import io.tributary.core.message.JmsMapping;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.Objects;

/**
 * A destination: an address name and whether it is a queue or a topic (and temporary). Immutable,
 * serializable so it can be bound in JNDI; equal when address and type are equal.
 */
public abstract class TributaryDestination implements Destination, Serializable {

    private static final long serialVersionUID = 1L;

    private final String address;

    TributaryDestination(String address) {
        this.address = Objects.requireNonNull(address, "address");
    }

    /** The address name. */
    public String address() {
        return address;
    }

    public abstract boolean isTopic();

    public boolean isTemporary() {
        return false;
    }

    /** The connection that created this temporary destination, or null (not temporary, or received). */
    TemporaryOwner temporaryOwner() {
        return null;
    }

    /** The AMQP JMS Mapping destination type code. */
    public byte typeCode() {
        if (isTemporary()) {
            return isTopic() ? JmsMapping.TEMP_TOPIC_DEST : JmsMapping.TEMP_QUEUE_DEST;
        }
        return isTopic() ? JmsMapping.TOPIC_DEST : JmsMapping.QUEUE_DEST;
    }

    /**
     * The destination for an address and a type code from a received message; {@code fallback} decides
     * queue or topic when the code is absent (-1). Null address gives null.
     */
    public static TributaryDestination of(String address, byte typeCode, boolean fallbackTopic) {
        if (address == null) {
            return null;
        }
        switch (typeCode) {
            case JmsMapping.QUEUE_DEST: return new TributaryQueue(address);
            case JmsMapping.TOPIC_DEST: return new TributaryTopic(address);
            case JmsMapping.TEMP_QUEUE_DEST: return new TributaryTemporaryQueue(address, null);
            case JmsMapping.TEMP_TOPIC_DEST: return new TributaryTemporaryTopic(address, null);
            default: return fallbackTopic ? new TributaryTopic(address) : new TributaryQueue(address);
        }
    }

    /**
     * This provider's form of an application destination; a foreign Queue or Topic is mapped by name.
     *
     * @throws InvalidDestinationException when it is neither a Queue nor a Topic
     */
    public static TributaryDestination from(Destination d) throws JMSException {
        if (d instanceof TributaryDestination td) {
            return td;
        }
        if (d instanceof Queue q) {
            return new TributaryQueue(q.getQueueName());
        }
        if (d instanceof Topic t) {
            return new TributaryTopic(t.getTopicName());
        }
        throw new InvalidDestinationException("destination " + d + " is neither a Queue nor a Topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TributaryDestination d && d.address.equals(address) && d.isTopic() == isTopic()
                && d.isTemporary() == isTemporary();
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, isTopic(), isTemporary());
    }

    @Override
    public String toString() {
        return (isTopic() ? "topic://" : "queue://") + address;
    }

    /** Deletes a temporary destination through its owner; one without an owner (received) cannot be deleted. */
    static void deleteTemporary(TemporaryOwner owner, TributaryDestination d) throws JMSException {
        if (owner == null) {
            throw new jakarta.jms.IllegalStateException("temporary " + (d.isTopic() ? "topic " : "queue ")
                    + d.address() + " can only be deleted through the connection that created it");
        }
        owner.deleteTemporary(d);
    }

    /** Who may delete a temporary destination: the connection that created it. */
    interface TemporaryOwner {
        void deleteTemporary(TributaryDestination destination) throws JMSException;
    }
}
