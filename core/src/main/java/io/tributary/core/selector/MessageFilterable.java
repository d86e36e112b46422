package io.tributary.core.selector;

import io.tributary.core.message.JmsIds;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import java.util.Date;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/**
 * What a selector sees of a canonical AMQP message, per the AMQP JMS Mapping: the JMS header fields
 * a selector may name, the JMSX properties the mapping defines, and the application properties.
 *
 * <ul>
 *   <li>JMSDeliveryMode: header durable, as "PERSISTENT" or "NON_PERSISTENT"</li>
 *   <li>JMSPriority: header priority (4 when absent), an Integer</li>
 *   <li>JMSMessageID, JMSCorrelationID: the JMS string forms of the AMQP ids (see {@link JmsIds})</li>
 *   <li>JMSTimestamp: properties creation-time as a Long, NULL when absent</li>
 *   <li>JMSType: message annotation x-opt-jms-type, else properties subject</li>
 *   <li>JMSXDeliveryCount: the number of earlier delivery attempts plus one; JMSXGroupID: group-id;
 *       JMSXGroupSeq: group-sequence; JMSXUserID: user-id as UTF-8</li>
 *   <li>JMSDestination, JMSReplyTo, JMSExpiration, JMSRedelivered, JMSDeliveryTime: NULL, as selectors
 *       may not use them</li>
 *   <li>anything else: the application property of that name, with AMQP unsigned numbers widened to the
 *       next signed Java type, char as a one-character String, symbol as String and timestamp as Long</li>
 * </ul>
 *
 * <p>Reading decodes the message's routing sections on first use; a message whose sections do not decode
 * makes {@link #identifier} throw the message's INVALID_ARGUMENT {@code BrokerException} (validate messages
 * when they arrive to avoid that).
 *
 * <p>Thread-safe: it reads the immutable message and keeps no state of its own.
 */
public final class MessageFilterable implements Filterable {

    private final Message message;
    private final int deliveryCount;

    private MessageFilterable(Message message, int deliveryCount) {
        this.message = message;
        this.deliveryCount = deliveryCount;
    }

    /**
     * The selector's view of {@code message}.
     *
     * @param deliveryCount how many times the message was delivered before (0 on its first delivery)
     */
    public static Filterable of(Message message, int deliveryCount) {
        return new MessageFilterable(message, deliveryCount);
    }

    @Override
    public Object identifier(String identifier) {
        if (!identifier.startsWith("JMS")) {
            return property(identifier);
        }
        switch (identifier) {
            case "JMSDeliveryMode":
                return message.durable() ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSPriority":
                return message.priority();
            case "JMSMessageID":
                return JmsIds.messageId(message.messageId());
            case "JMSCorrelationID":
                return JmsIds.correlationId(message.correlationId());
            case "JMSTimestamp":
                long created = message.creationTime();
                return created == 0 ? null : created;
            case "JMSType":
                Object type = message.messageAnnotation(JmsMapping.JMS_TYPE);
                return type != null ? String.valueOf(type) : message.subject();
            case "JMSXDeliveryCount":
                return deliveryCount + 1;
            case "JMSXGroupID":
                return message.groupId();
            case "JMSXGroupSeq":
                return groupSequence();
            case "JMSXUserID":
                return message.userId();
            case "JMSDestination", "JMSReplyTo", "JMSExpiration", "JMSRedelivered", "JMSDeliveryTime":
                return null;
            default:
                return property(identifier);
        }
    }

    private Object groupSequence() {
        long sequence = message.groupSequence();
        if (sequence == 0 && message.groupId() == null) {
            return null;
        }
        return sequence <= Integer.MAX_VALUE ? (Object) (int) sequence : (Object) sequence;
    }

    private Object property(String name) {
        return selectable(message.applicationProperty(name));
    }

    /** An AMQP property value as the selector types it (see the class comment); other values unchanged. */
    static Object selectable(Object value) {
        if (value instanceof UnsignedByte b) {
            return b.shortValue();
        }
        if (value instanceof UnsignedShort s) {
            return s.intValue();
        }
        if (value instanceof UnsignedInteger i) {
            return i.longValue();
        }
        if (value instanceof UnsignedLong l) {
            return l.longValue() >= 0 ? (Object) l.longValue() : (Object) l.bigIntegerValue().doubleValue();
        }
        if (value instanceof Character c) {
            return String.valueOf(c);
        }
        if (value instanceof Symbol s) {
            return s.toString();
        }
        if (value instanceof Date d) {
            return d.getTime();
        }
        return value;
    }

    @Override
    public String toString() {
        return "MessageFilterable[deliveryCount=" + deliveryCount + "]";
    }
}
