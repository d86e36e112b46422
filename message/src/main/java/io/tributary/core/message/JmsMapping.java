package io.tributary.core.message;

/**
 * Names and codes of the OASIS AMQP JMS Mapping that both the AMQP endpoint and the JMS provider use,
 * kept in one place.
 */
public final class JmsMapping {

    private JmsMapping() {
    }

    /** Message annotation: the JMS message type (a byte, see the *_TYPE constants). */
    public static final String MSG_TYPE = "x-opt-jms-msg-type";
    /** Message annotation: the type of the destination in {@code to} (a byte, see the *_DEST constants). */
    public static final String DEST = "x-opt-jms-dest";
    /** Message annotation: the type of the destination in {@code reply-to}. */
    public static final String REPLY_TO = "x-opt-jms-reply-to";
    /** Message annotation: absolute delivery time (timestamp). */
    public static final String DELIVERY_TIME = "x-opt-delivery-time";
    /** Message annotation: delivery delay in ms (long). */
    public static final String DELIVERY_DELAY = "x-opt-delivery-delay";
    /** Message annotation: the JMSType header. */
    public static final String JMS_TYPE = "x-opt-jms-type";
    /** Message annotation set by the broker on dead-lettered and expired messages: where it was first sent. */
    public static final String ORIGINAL_ADDRESS = "x-opt-ORIG-ADDRESS";
    /** Message annotation: stream partition of a delivered stream message. */
    public static final String STREAM_PARTITION = "x-stream-partition";
    /** Message annotation: stream offset of a delivered stream message. */
    public static final String STREAM_OFFSET = "x-stream-offset";
    /** Message annotation: the stream partition key. */
    public static final String PARTITION_KEY = "x-opt-partition-key";

    public static final byte MESSAGE_TYPE = 0;
    public static final byte OBJECT_MESSAGE_TYPE = 1;
    public static final byte MAP_MESSAGE_TYPE = 2;
    public static final byte BYTES_MESSAGE_TYPE = 3;
    public static final byte STREAM_MESSAGE_TYPE = 4;
    public static final byte TEXT_MESSAGE_TYPE = 5;

    public static final byte QUEUE_DEST = 0;
    public static final byte TOPIC_DEST = 1;
    public static final byte TEMP_QUEUE_DEST = 2;
    public static final byte TEMP_TOPIC_DEST = 3;

    /** Content type of a serialized Java object body. */
    public static final String SERIALIZED_JAVA_OBJECT = "application/x-java-serialized-object";
}
