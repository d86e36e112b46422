package io.tributary.jms.message;

import io.tributary.core.message.AmqpCodec;
import io.tributary.core.message.JmsIds;
import io.tributary.core.message.JmsMapping;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * A {@link MessageFacade} over an AMQP 1.0 message, following the OASIS AMQP JMS Mapping: the JMS
 * message type in {@code x-opt-jms-msg-type}, destination types in {@code x-opt-jms-dest} and
 * {@code x-opt-jms-reply-to}, JMSType in {@code x-opt-jms-type} (and the subject), JMSDeliveryMode in
 * {@code header.durable}, JMSExpiration in {@code absolute-expiry-time} (with {@code header.ttl}),
 * JMSTimestamp in {@code creation-time}, JMSDeliveryTime in {@code x-opt-delivery-time}, JMSXGroupID and
 * JMSXGroupSeq in {@code group-id}/{@code group-sequence}, JMSXUserID in {@code user-id} and
 * JMSXDeliveryCount as {@code header.delivery-count + 1}.
 *
 * <p>Received messages are decoded on first access, on the thread that reads them. Not thread-safe.
 */
public final class AmqpMessageFacade implements MessageFacade {

    private byte[] encoded;
    private Message proton;

    private AmqpMessageFacade(Message proton, byte[] encoded) {
        this.proton = proton;
        this.encoded = encoded;
    }

    /** A new empty message of the given JMS type. */
    public static AmqpMessageFacade create(byte jmsType) {
        AmqpMessageFacade f = new AmqpMessageFacade(Message.Factory.create(), null);
        f.setJmsMessageType(jmsType);
        return f;
    }

    /** Wraps an encoded message; it is decoded on first access. The array must not change. */
    public static AmqpMessageFacade decode(byte[] encoded) {
        return new AmqpMessageFacade(null, encoded);
    }

    private Message m() {
        if (proton == null) {
            proton = AmqpCodec.decode(encoded);
        }
        encoded = null;
        return proton;
    }

    private Header header() {
        Message p = m();
        if (p.getHeader() == null) {
            p.setHeader(new Header());
        }
        return p.getHeader();
    }

    private Properties props() {
        Message p = m();
        if (p.getProperties() == null) {
            p.setProperties(new Properties());
        }
        return p.getProperties();
    }

    private Object annotation(String name) {
        MessageAnnotations ma = m().getMessageAnnotations();
        return ma == null || ma.getValue() == null ? null : ma.getValue().get(Symbol.valueOf(name));
    }

    private void setAnnotation(String name, Object value) {
        Message p = m();
        MessageAnnotations ma = p.getMessageAnnotations();
        if (value == null && ma == null) {
            return;
        }
        if (ma == null || ma.getValue() == null) {
            ma = new MessageAnnotations(new HashMap<>());
            p.setMessageAnnotations(ma);
        }
        if (value == null) {
            ma.getValue().remove(Symbol.valueOf(name));
        } else {
            ma.getValue().put(Symbol.valueOf(name), value);
        }
    }

    @Override
    public byte jmsMessageType() {
        Object t = annotation(JmsMapping.MSG_TYPE);
        if (t instanceof Number n) {
            return n.byteValue();
        }
        return BodyTypes.infer(this);
    }

    @Override
    public void setJmsMessageType(byte type) {
        setAnnotation(JmsMapping.MSG_TYPE, type);
    }

    @Override
    public String messageId() {
        Properties p = m().getProperties();
        return p == null ? null : JmsIds.messageId(p.getMessageId());
    }

    @Override
    public void setMessageId(String id) {
        props().setMessageId(JmsIds.toAmqp(id));
    }

    @Override
    public String correlationId() {
        Properties p = m().getProperties();
        return p == null ? null : JmsIds.correlationId(p.getCorrelationId());
    }

    @Override
    public void setCorrelationId(String id) {
        props().setCorrelationId(JmsIds.toAmqp(id));
    }

    @Override
    public byte[] correlationIdBytes() {
        Properties p = m().getProperties();
        Object id = p == null ? null : p.getCorrelationId();
        if (id instanceof Binary b) {
            return b.getArray().length == b.getLength() && b.getArrayOffset() == 0
                    ? b.getArray().clone() : Arrays.copyOfRange(b.getArray(), b.getArrayOffset(),
                    b.getArrayOffset() + b.getLength());
        }
        String s = correlationId();
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setCorrelationIdBytes(byte[] id) {
        props().setCorrelationId(id == null ? null : new Binary(id.clone()));
    }

    @Override
    public String to() {
        Properties p = m().getProperties();
        return p == null ? null : p.getTo();
    }

    @Override
    public byte toType() {
        return typeCode(annotation(JmsMapping.DEST));
    }

    @Override
    public void setTo(String address, byte type) {
        props().setTo(address);
        setAnnotation(JmsMapping.DEST, address == null ? null : type);
    }

    @Override
    public String replyTo() {
        Properties p = m().getProperties();
        return p == null ? null : p.getReplyTo();
    }

    @Override
    public byte replyToType() {
        return typeCode(annotation(JmsMapping.REPLY_TO));
    }

    @Override
    public void setReplyTo(String address, byte type) {
        props().setReplyTo(address);
        setAnnotation(JmsMapping.REPLY_TO, address == null ? null : type);
    }

    private static byte typeCode(Object v) {
        return v instanceof Number n ? n.byteValue() : -1;
    }

    @Override
    public boolean persistent() {
        Header h = m().getHeader();
        return h != null && Boolean.TRUE.equals(h.getDurable());
    }

    @Override
    public void setPersistent(boolean value) {
        header().setDurable(value);
    }

    @Override
    public int priority() {
        Header h = m().getHeader();
        return h == null || h.getPriority() == null ? 4 : Math.min(9, h.getPriority().intValue());
    }

    @Override
    public void setPriority(int value) {
        header().setPriority(UnsignedByte.valueOf((byte) value));
    }

    @Override
    public long expiration() {
        Properties p = m().getProperties();
        return p == null || p.getAbsoluteExpiryTime() == null ? 0 : p.getAbsoluteExpiryTime().getTime();
    }

    @Override
    public void setExpiration(long epochMillis) {
        props().setAbsoluteExpiryTime(epochMillis == 0 ? null : new Date(epochMillis));
    }

    @Override
    public long timeToLive() {
        Header h = m().getHeader();
        return h == null || h.getTtl() == null ? 0 : h.getTtl().longValue();
    }

    @Override
    public void setTimeToLive(long millis) {
        header().setTtl(millis <= 0 ? null : UnsignedInteger.valueOf(Math.min(millis, 0xFFFFFFFFL)));
    }

    @Override
    public long timestamp() {
        Properties p = m().getProperties();
        return p == null || p.getCreationTime() == null ? 0 : p.getCreationTime().getTime();
    }

    @Override
    public void setTimestamp(long epochMillis) {
        props().setCreationTime(epochMillis == 0 ? null : new Date(epochMillis));
    }

    @Override
    public long deliveryTime() {
        Object v = annotation(JmsMapping.DELIVERY_TIME);
        if (v instanceof Date d) {
            return d.getTime();
        }
        return v instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public void setDeliveryTime(long epochMillis) {
        setAnnotation(JmsMapping.DELIVERY_TIME, epochMillis == 0 ? null : new Date(epochMillis));
    }

    @Override
    public String type() {
        Object v = annotation(JmsMapping.JMS_TYPE);
        if (v != null) {
            return v.toString();
        }
        Properties p = m().getProperties();
        return p == null ? null : p.getSubject();
    }

    @Override
    public void setType(String value) {
        setAnnotation(JmsMapping.JMS_TYPE, value);
        props().setSubject(value);
    }

    @Override
    public int deliveryCount() {
        Header h = m().getHeader();
        return h == null || h.getDeliveryCount() == null ? 0 : h.getDeliveryCount().intValue();
    }

    @Override
    public void setDeliveryCount(int count) {
        header().setDeliveryCount(count <= 0 ? null : UnsignedInteger.valueOf(count));
    }

    @Override
    public String userId() {
        Properties p = m().getProperties();
        Binary b = p == null ? null : p.getUserId();
        return b == null ? null : new String(b.getArray(), b.getArrayOffset(), b.getLength(),
                StandardCharsets.UTF_8);
    }

    @Override
    public void setUserId(String value) {
        props().setUserId(value == null ? null
                : new Binary(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String groupId() {
        Properties p = m().getProperties();
        return p == null ? null : p.getGroupId();
    }

    @Override
    public void setGroupId(String value) {
        props().setGroupId(value);
    }

    @Override
    public int groupSequence() {
        Properties p = m().getProperties();
        return p == null || p.getGroupSequence() == null ? 0 : p.getGroupSequence().intValue();
    }

    @Override
    public void setGroupSequence(int value) {
        props().setGroupSequence(value == 0 ? null : UnsignedInteger.valueOf(value & 0xFFFFFFFFL));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> appProps(boolean create) {
        Message p = m();
        ApplicationProperties ap = p.getApplicationProperties();
        if (ap == null || ap.getValue() == null) {
            if (!create) {
                return Map.of();
            }
            ap = new ApplicationProperties(new LinkedHashMap<>());
            p.setApplicationProperties(ap);
        }
        return (Map<String, Object>) (Map<?, ?>) ap.getValue();
    }

    @Override
    public Object property(String name) {
        Map<String, Object> props = appProps(false);
        if (!props.containsKey(name) && STREAM_POSITION.contains(name)) {
            // A stream delivery carries its partition and offset as message annotations; JMS reads them as
            // (read-only) properties of the same names.
            var annotations = m().getMessageAnnotations();
            return annotations == null ? null
                    : AmqpValues.toJmsProperty(annotations.getValue().get(Symbol
                    .valueOf(name)));
        }
        return AmqpValues.toJmsProperty(props.get(name));
    }

    private static final Set<String> STREAM_POSITION = Set.of(JmsMapping.STREAM_PARTITION,
            JmsMapping.STREAM_OFFSET);

    @Override
    public void setProperty(String name, Object value) {
        if (value == null) {
            appProps(true).remove(name);
        } else {
            appProps(true).put(name, value);
        }
    }

    @Override
    public Set<String> propertyNames() {
        Set<String> names = new LinkedHashSet<>(appProps(false).keySet());
        var annotations = m().getMessageAnnotations();
        if (annotations != null) {
            for (String n : STREAM_POSITION) {
                if (annotations.getValue().containsKey(Symbol.valueOf(n))) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    @Override
    public void clearProperties() {
        m().setApplicationProperties(null);
    }

    @Override
    public BodyKind bodyKind() {
        Section body = m().getBody();
        if (body instanceof AmqpValue) {
            return BodyKind.VALUE;
        }
        if (body instanceof Data) {
            return BodyKind.DATA;
        }
        if (body instanceof AmqpSequence) {
            return BodyKind.SEQUENCE;
        }
        return BodyKind.NONE;
    }

    @Override
    public Object body() {
        Section body = m().getBody();
        if (body instanceof AmqpValue v) {
            return AmqpValues.toJms(v.getValue());
        }
        if (body instanceof Data d) {
            return AmqpValues.toJms(d.getValue());
        }
        if (body instanceof AmqpSequence s) {
            return AmqpValues.toJms(s.getValue());
        }
        return null;
    }

    @Override
    public String contentType() {
        Properties p = m().getProperties();
        return p == null || p.getContentType() == null ? null : p.getContentType().toString();
    }

    @Override
    public void setValueBody(Object value) {
        m().setBody(new AmqpValue(AmqpValues.toAmqp(value)));
        props().setContentType(null);
    }

    @Override
    public void setDataBody(byte[] bytes, String contentType) {
        m().setBody(new Data(new Binary(bytes == null ? new byte[0] : bytes)));
        props().setContentType(contentType == null ? null : Symbol.valueOf(contentType));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void setSequenceBody(List<Object> values) {
        m().setBody(new AmqpSequence((List<Object>) AmqpValues.toAmqp(new ArrayList<>(values))));
        props().setContentType(null);
    }

    @Override
    public void clearBody() {
        m().setBody(null);
    }

    @Override
    public MessageFacade copy() {
        return decode(encode());
    }

    @Override
    public byte[] encode() {
        if (encoded != null) {
            return encoded;
        }
        return AmqpCodec.encode(proton);
    }
}
