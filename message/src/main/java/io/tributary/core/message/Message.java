package io.tributary.core.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;

/**
 * The canonical message: an AMQP 1.0 encoded message held as bytes. The sections that routing,
 * selectors, expiry and priority need (header, message annotations, properties, application
 * properties) are decoded on first use and cached; the body is never decoded by the engine.
 *
 * <p>Immutable and thread-safe: the lazy decode is idempotent and publishes a fully built
 * {@link Sections} object through a volatile field.
 */
public final class Message {

    /** The JMS default priority, used when the AMQP header carries none. */
    public static final int DEFAULT_PRIORITY = 4;

    private final byte[] encoded;
    private volatile Sections sections;

    private Message(byte[] encoded) {
        this.encoded = encoded;
    }

    /**
     * Wraps encoded bytes. Nothing is decoded yet; call {@link #validate()} to check the routing sections.
     * The array is not copied and must not be changed afterwards.
     */
    public static Message wrap(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            throw new MalformedMessageException("message is empty");
        }
        return new Message(encoded);
    }

    /** Wraps encoded bytes and decodes the routing sections now; a MalformedMessageException if they are bad. */
    public static Message decode(byte[] encoded) {
        Message m = wrap(encoded);
        m.validate();
        return m;
    }

    /** Encodes a Proton message. */
    public static Message fromProton(org.apache.qpid.proton.message.Message proton) {
        return new Message(AmqpCodec.encode(proton));
    }

    /** Decodes the whole message, body included, into a new Proton message the caller may change. */
    public org.apache.qpid.proton.message.Message toProton() {
        return AmqpCodec.decode(encoded);
    }

    /**
     * Decodes the routing sections now and checks the structure of the body (without decoding it); throws a
     * MalformedMessageException naming the problem if anything is malformed. Protocol layers call this on what
     * clients send.
     */
    public Message validate() {
        if (sections == null) {
            sections = parse(encoded, true);
        }
        return this;
    }

    /** The encoded bytes. Do not modify. */
    public byte[] encoded() {
        return encoded;
    }

    /** Encoded size in bytes. */
    public int size() {
        return encoded.length;
    }

    public boolean durable() {
        Header h = sections().header;
        return h != null && Boolean.TRUE.equals(h.getDurable());
    }

    /** The priority 0..9 (AMQP priorities above 9 count as 9); 4 when absent. */
    public int priority() {
        Header h = sections().header;
        if (h == null || h.getPriority() == null) {
            return DEFAULT_PRIORITY;
        }
        return Math.min(9, h.getPriority().intValue());
    }

    /** Time to live in milliseconds from the header, or 0 when none. */
    public long ttl() {
        Header h = sections().header;
        return h == null || h.getTtl() == null ? 0 : h.getTtl().longValue();
    }

    /** Absolute expiry time (epoch ms) from the properties, or 0 when none. */
    public long absoluteExpiryTime() {
        Properties p = sections().properties;
        return p == null || p.getAbsoluteExpiryTime() == null ? 0 : p.getAbsoluteExpiryTime().getTime();
    }

    /** Creation time (epoch ms) from the properties, or 0. */
    public long creationTime() {
        Properties p = sections().properties;
        return p == null || p.getCreationTime() == null ? 0 : p.getCreationTime().getTime();
    }

    /**
     * When this message may be delivered at the earliest, as epoch ms, given when it arrived: the
     * {@code x-opt-delivery-time} annotation, else arrival plus {@code x-opt-delivery-delay}, else 0.
     */
    public long deliveryTime(long arrivalMillis) {
        Object time = messageAnnotation(JmsMapping.DELIVERY_TIME);
        if (time instanceof Date d) {
            return d.getTime();
        }
        if (time instanceof Number n) {
            return n.longValue();
        }
        Object delay = messageAnnotation(JmsMapping.DELIVERY_DELAY);
        if (delay instanceof Number n && n.longValue() > 0) {
            return arrivalMillis + n.longValue();
        }
        return 0;
    }

    public Object messageId() {
        Properties p = sections().properties;
        return p == null ? null : p.getMessageId();
    }

    public Object correlationId() {
        Properties p = sections().properties;
        return p == null ? null : p.getCorrelationId();
    }

    public String to() {
        Properties p = sections().properties;
        return p == null ? null : p.getTo();
    }

    public String replyTo() {
        Properties p = sections().properties;
        return p == null ? null : p.getReplyTo();
    }

    public String subject() {
        Properties p = sections().properties;
        return p == null ? null : p.getSubject();
    }

    public String groupId() {
        Properties p = sections().properties;
        return p == null ? null : p.getGroupId();
    }

    /** The group sequence, or 0 when absent. */
    public long groupSequence() {
        Properties p = sections().properties;
        return p == null || p.getGroupSequence() == null ? 0 : p.getGroupSequence().longValue();
    }

    public String userId() {
        Properties p = sections().properties;
        Binary b = p == null ? null : p.getUserId();
        return b == null ? null : new String(b.getArray(), b.getArrayOffset(), b.getLength(),
                StandardCharsets.UTF_8);
    }

    public String contentType() {
        Properties p = sections().properties;
        return p == null || p.getContentType() == null ? null : p.getContentType().toString();
    }

    /** An application property, or null. */
    public Object applicationProperty(String name) {
        return sections().applicationProperties.get(name);
    }

    /** Application properties, read-only. */
    public Map<String, Object> applicationProperties() {
        return sections().applicationProperties;
    }

    /** A message annotation by symbol name, or null. */
    public Object messageAnnotation(String name) {
        return sections().messageAnnotations.get(name);
    }

    /** Message annotation names. */
    public Set<String> messageAnnotationNames() {
        return sections().messageAnnotations.keySet();
    }

    /**
     * A copy with these message annotations added or replaced (null values remove). Re-encodes the
     * message; the body bytes are carried over unchanged in meaning.
     */
    public Message withMessageAnnotations(Map<String, Object> changes) {
        org.apache.qpid.proton.message.Message p = toProton();
        MessageAnnotations ma = p.getMessageAnnotations();
        Map<Symbol, Object> map = ma == null ? new HashMap<>() : new HashMap<>(ma.getValue());
        changes.forEach((k, v) -> {
            if (v == null) {
                map.remove(Symbol.valueOf(k));
            } else {
                map.put(Symbol.valueOf(k), v);
            }
        });
        p.setMessageAnnotations(map.isEmpty() ? null : new MessageAnnotations(map));
        return fromProton(p);
    }

    /** A copy whose header says {@code durable}. */
    public Message withDurable(boolean value) {
        org.apache.qpid.proton.message.Message p = toProton();
        p.setDurable(value);
        return fromProton(p);
    }

    /** A copy whose properties carry {@code user} (UTF-8) as the user-id (JMSXUserID). */
    public Message withUserId(String user) {
        org.apache.qpid.proton.message.Message p = toProton();
        p.setUserId(user.getBytes(StandardCharsets.UTF_8));
        return fromProton(p);
    }

    private Sections sections() {
        Sections s = sections;
        if (s == null) {
            s = parse(encoded, false);
            sections = s;
        }
        return s;
    }

    /**
     * Decodes the sections before the body and stops at the first body section; with {@code checkBody}
     * also checks the body's structure (sizes and nesting only, nothing decoded). Each section is walked
     * ({@link EncodingWalker}) before Proton's recursive decoder reads it, so that deep nesting or a count larger
     * than the message is refused with a description instead of overflowing the stack.
     */
    private static Sections parse(byte[] bytes, boolean checkBody) {
        Sections s = new Sections();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        var decoder = AmqpCodec.decoder(buf);
        try {
            while (buf.hasRemaining() && !AmqpCodec.atBodySection(buf)) {
                EncodingWalker.skipValue(buf.duplicate(), EncodingWalker.MAX_DEPTH);
                Object section = decoder.readObject();
                if (!s.add(section)) {
                    break;
                }
            }
            if (checkBody) {
                AmqpCodec.checkBodySections(buf);
            }
        } catch (MalformedMessageException e) {
            throw AmqpCodec.invalid(bytes.length, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw AmqpCodec.invalid(bytes.length, AmqpCodec.describe(e), e);
        } finally {
            AmqpCodec.release(decoder);
        }
        return s;
    }

    private static Map<String, Object> symbolMap(Map<Symbol, Object> value) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> m = new HashMap<>();
        value.forEach((k, v) -> m.put(String.valueOf(k), v));
        return Collections.unmodifiableMap(m);
    }

    /** Decoded sections; never changed after {@link #parse}. */
    private static final class Sections {
        Header header;
        Properties properties;
        Map<String, Object> messageAnnotations = Map.of();
        Map<String, Object> applicationProperties = Map.of();

        /** Keeps a section decoded before the body; false at the body (or footer), where parsing stops. */
        boolean add(Object section) {
            if (section instanceof Header h) {
                header = h;
            } else if (section instanceof MessageAnnotations ma) {
                messageAnnotations = symbolMap(ma.getValue());
            } else if (section instanceof Properties p) {
                properties = p;
            } else if (section instanceof ApplicationProperties ap) {
                applicationProperties = ap.getValue() == null
                        ? Map.of() : Collections.unmodifiableMap(new HashMap<>(ap.getValue()));
            } else if (section instanceof Data || section instanceof AmqpValue || section instanceof AmqpSequence
                    || section instanceof Footer) {
                return false;
            } else if (!(section instanceof DeliveryAnnotations)) {
                throw new MalformedMessageException(
                        "it holds something that is not an AMQP 1.0 message section"
                                + (section == null ? " (null)" : ""));
            }
            return true;
        }
    }
}
