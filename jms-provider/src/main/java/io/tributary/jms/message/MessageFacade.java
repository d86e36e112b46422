package io.tributary.jms.message;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JMS view of one message's wire representation. Every JMS message class reads and writes its
 * headers, properties and body through a facade, so one message class hierarchy serves every provider.
 * Header values are in JMS terms (epoch milliseconds, "ID:" message ids, JMS priority 0..9); the facade
 * maps them to its encoding.
 *
 * <p>Not thread-safe: a message is used by one thread at a time, as the JMS specification requires.
 */
public interface MessageFacade {

    /** The body encodings a facade can hold. */
    enum BodyKind { NONE, VALUE, DATA, SEQUENCE }

    /** The JMS message type code (see io.tributary.core.message.JmsMapping *_TYPE constants). */
    byte jmsMessageType();

    void setJmsMessageType(byte type);

    String messageId();

    /** Sets the message-id from a JMSMessageID; IllegalArgumentException for a malformed encoded id. */
    void setMessageId(String id);

    String correlationId();

    /** Sets the correlation-id from a JMSCorrelationID; IllegalArgumentException for a malformed encoded id. */
    void setCorrelationId(String id);

    byte[] correlationIdBytes();

    void setCorrelationIdBytes(byte[] id);

    /** The address of JMSDestination, or null. */
    String to();

    /** The destination type code of {@link #to()} (QUEUE_DEST ...), or -1 when not given. */
    byte toType();

    void setTo(String address, byte type);

    String replyTo();

    byte replyToType();

    void setReplyTo(String address, byte type);

    boolean persistent();

    void setPersistent(boolean value);

    int priority();

    void setPriority(int value);

    /** Absolute expiration in epoch ms, 0 for none. */
    long expiration();

    void setExpiration(long epochMillis);

    /** Time to live the message was sent with, 0 for none. */
    long timeToLive();

    void setTimeToLive(long millis);

    long timestamp();

    void setTimestamp(long epochMillis);

    /** Earliest delivery time in epoch ms, or 0 when not set. */
    long deliveryTime();

    void setDeliveryTime(long epochMillis);

    String type();

    void setType(String value);

    /** Failed delivery attempts before this one (JMSXDeliveryCount - 1). */
    int deliveryCount();

    void setDeliveryCount(int count);

    String userId();

    void setUserId(String value);

    String groupId();

    void setGroupId(String value);

    int groupSequence();

    void setGroupSequence(int value);

    /** An application property in JMS types (byte[] never; char never), or null. */
    Object property(String name);

    void setProperty(String name, Object value);

    Set<String> propertyNames();

    void clearProperties();

    BodyKind bodyKind();

    /**
     * The body: a String, Map, List or other AMQP value for VALUE; the bytes for DATA; the list for
     * SEQUENCE; null for NONE. AMQP binaries inside are returned as byte[].
     */
    Object body();

    String contentType();

    void setValueBody(Object value);

    void setDataBody(byte[] bytes, String contentType);

    void setSequenceBody(List<Object> values);

    void clearBody();

    /** Converts a map body into the facade's representation; values are JMS types. */
    default void setMapBody(Map<String, Object> map) {
        setValueBody(map);
    }

    /** A deep copy. */
    MessageFacade copy();

    /** The encoded message. */
    byte[] encode();
}
