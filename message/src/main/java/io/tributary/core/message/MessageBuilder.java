package io.tributary.core.message;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;

/**
 * Builds a canonical {@link Message}. Used by tests, benchmarks and the engine's own messages.
 * Not thread-safe.
 */
public final class MessageBuilder {

    private final org.apache.qpid.proton.message.Message proton = org.apache.qpid.proton.message.Message.Factory
            .create();
    private final Map<String, Object> applicationProperties = new HashMap<>();
    private final Map<Symbol, Object> annotations = new HashMap<>();

    public static MessageBuilder create() {
        return new MessageBuilder();
    }

    public MessageBuilder durable(boolean value) {
        proton.setDurable(value);
        return this;
    }

    public MessageBuilder priority(int value) {
        proton.setPriority((short) value);
        return this;
    }

    public MessageBuilder ttl(long millis) {
        proton.setTtl(millis);
        return this;
    }

    public MessageBuilder absoluteExpiryTime(long epochMillis) {
        proton.setExpiryTime(epochMillis);
        return this;
    }

    public MessageBuilder messageId(Object id) {
        proton.setMessageId(id);
        return this;
    }

    public MessageBuilder correlationId(Object id) {
        proton.setCorrelationId(id);
        return this;
    }

    public MessageBuilder to(String address) {
        proton.setAddress(address);
        return this;
    }

    public MessageBuilder replyTo(String address) {
        proton.setReplyTo(address);
        return this;
    }

    public MessageBuilder subject(String value) {
        proton.setSubject(value);
        return this;
    }

    public MessageBuilder group(String groupId, long sequence) {
        proton.setGroupId(groupId);
        if (sequence > 0) {
            proton.setGroupSequence(sequence);
        }
        return this;
    }

    public MessageBuilder creationTime(long epochMillis) {
        proton.setCreationTime(epochMillis);
        return this;
    }

    public MessageBuilder property(String name, Object value) {
        applicationProperties.put(name, value);
        return this;
    }

    public MessageBuilder annotation(String name, Object value) {
        annotations.put(Symbol.valueOf(name), value);
        return this;
    }

    /** Deliver no earlier than this time (x-opt-delivery-time). */
    public MessageBuilder deliveryTime(long epochMillis) {
        return annotation(JmsMapping.DELIVERY_TIME, new Date(epochMillis));
    }

    public MessageBuilder body(String text) {
        proton.setBody(new AmqpValue(text));
        return this;
    }

    public MessageBuilder body(byte[] bytes) {
        proton.setBody(new Data(new Binary(bytes)));
        return this;
    }

    public MessageBuilder userId(String user) {
        proton.setUserId(user.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Message build() {
        if (!applicationProperties.isEmpty()) {
            proton.setApplicationProperties(new ApplicationProperties(new HashMap<>(applicationProperties)));
        }
        if (!annotations.isEmpty()) {
            proton.setMessageAnnotations(new MessageAnnotations(new HashMap<>(annotations)));
        }
        return Message.fromProton(proton);
    }

}
