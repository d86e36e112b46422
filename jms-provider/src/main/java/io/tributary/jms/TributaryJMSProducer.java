package io.tributary.jms;

import io.tributary.jms.message.TypeConversion;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageProducer;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: message settings and properties held here and applied
 * to each message at send, over the context's one anonymous MessageProducer. Used by one thread at a time.
 */
final class TributaryJMSProducer implements JMSProducer {

    private final TributaryContext context;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive;
    private long deliveryDelay;
    private boolean disableMessageId;
    private boolean disableTimestamp;
    private CompletionListener async;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    TributaryJMSProducer(TributaryContext context) {
        this.context = context;
    }

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("the message to send is null");
        }
        if (destination == null) {
            throw new InvalidDestinationRuntimeException("the destination is null");
        }
        TributaryContext.run(() -> {
            apply(message);
            MessageProducer p = context.producer();
            p.setDisableMessageID(disableMessageId);
            p.setDisableMessageTimestamp(disableTimestamp);
            p.setDeliveryDelay(deliveryDelay);
            if (async == null) {
                p.send(destination, message, deliveryMode, priority, timeToLive);
            } else {
                p.send(destination, message, deliveryMode, priority, timeToLive, async);
            }
            return null;
        });
        return this;
    }

    private void apply(Message m) throws JMSException {
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            m.setObjectProperty(e.getKey(), e.getValue());
        }
        if (correlationIdBytes != null) {
            m.setJMSCorrelationIDAsBytes(correlationIdBytes);
        }
        if (correlationId != null) {
            m.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            m.setJMSType(type);
        }
        if (replyTo != null) {
            m.setJMSReplyTo(replyTo);
        }
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        return send(destination, context.createTextMessage(body));
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            TributaryContext.run(() -> {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
                return null;
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            TributaryContext.run(() -> {
                m.writeBytes(body);
                return null;
            });
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        return send(destination, context.createObjectMessage(body));
    }

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageId = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int mode) {
        TributaryContext.run(() -> {
            TributaryMessageProducer.checkDeliveryMode(mode);
            return null;
        });
        deliveryMode = mode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int value) {
        TributaryContext.run(() -> {
            TributaryMessageProducer.checkPriority(value);
            return null;
        });
        priority = value;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long value) {
        timeToLive = value;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long value) {
        deliveryDelay = value;
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public JMSProducer setAsync(CompletionListener listener) {
        async = listener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    private JMSProducer put(String name, Object value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        TributaryContext.run(() -> {
            context.createMessage().setObjectProperty(name, value);
            return null;
        });
        properties.put(name, value);
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        return put(name, value);
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clear();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    private Object get(String name) {
        return properties.get(name);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asBoolean(get(name)));
    }

    @Override
    public byte getByteProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asByte(get(name)));
    }

    @Override
    public short getShortProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asShort(get(name)));
    }

    @Override
    public int getIntProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asInt(get(name)));
    }

    @Override
    public long getLongProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asLong(get(name)));
    }

    @Override
    public float getFloatProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asFloat(get(name)));
    }

    @Override
    public double getDoubleProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asDouble(get(name)));
    }

    @Override
    public String getStringProperty(String name) {
        return TributaryContext.run(() -> TypeConversion.asString(get(name)));
    }

    @Override
    public Object getObjectProperty(String name) {
        return get(name);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(properties.keySet()));
    }

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] value) {
        correlationIdBytes = value == null ? null : value.clone();
        correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String value) {
        correlationId = value;
        correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String value) {
        type = value;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination value) {
        replyTo = value;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
