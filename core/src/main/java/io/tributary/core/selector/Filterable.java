package io.tributary.core.selector;

/**
 * What a selector reads: JMS header fields and message properties by their selector identifier.
 * The seam between the selector language and the message format.
 */
public interface Filterable {

    /**
     * The value of {@code identifier}: one of the header fields a selector may name (JMSDeliveryMode as
     * "PERSISTENT"/"NON_PERSISTENT", JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType),
     * or a property (including JMSX properties such as JMSXDeliveryCount and JMSXGroupID), or null when
     * absent. Values are String, Boolean, Byte, Short, Integer, Long, Float or Double.
     */
    Object identifier(String identifier);
}
