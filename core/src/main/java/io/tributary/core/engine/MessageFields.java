package io.tributary.core.engine;

import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.selector.Filterable;

/**
 * The engine's {@link Filterable} over a message and its delivery count: the JMS header fields a
 * selector may name, JMSX properties and application properties. Immutable.
 */
final class MessageFields implements Filterable {

    private final Message message;
    private final int deliveryCount;

    MessageFields(Message message, int deliveryCount) {
        this.message = message;
        this.deliveryCount = deliveryCount;
    }

    @Override
    public Object identifier(String identifier) {
        switch (identifier) {
            case "JMSPriority": return message.priority();
            case "JMSDeliveryMode": return message.durable() ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSTimestamp": return message.creationTime() == 0 ? null : message.creationTime();
            case "JMSType": return stringOrNull(message.messageAnnotation(JmsMapping.JMS_TYPE));
            case "JMSCorrelationID": return stringOrNull(message.correlationId());
            case "JMSMessageID": return stringOrNull(message.messageId());
            case "JMSXDeliveryCount": return deliveryCount + 1;
            case "JMSXGroupID": return message.groupId();
            case "JMSXGroupSeq": return message.groupId() == null ? null : (int) message.groupSequence();
            case "JMSXUserID": return message.userId();
            default: return message.applicationProperty(identifier);
        }
    }

    private static String stringOrNull(Object o) {
        return o == null ? null : o.toString();
    }
}
