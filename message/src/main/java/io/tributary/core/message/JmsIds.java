package io.tributary.core.message;

import java.util.HexFormat;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;

/**
 * The JMS string forms of AMQP message-id and correlation-id values, and back, as the OASIS AMQP JMS Mapping
 * defines them and Qpid JMS writes them, so that an id read through JMS here, through Qpid JMS, or in a selector
 * is the same string, and a reply's JMSCorrelationID set from a request's JMSMessageID becomes the request's
 * AMQP value again (ulong, uuid or binary, not a string):
 * <ul>
 *   <li>ulong, uuid, binary: {@code ID:AMQP_ULONG:42}, {@code ID:AMQP_UUID:<uuid>}, {@code ID:AMQP_BINARY:<HEX>}
 *       (two upper-case hex digits per byte);</li>
 *   <li>a string starting with {@code ID:}: itself, unless what follows {@code ID:} is one of the prefixes above
 *       (or {@code AMQP_STRING:}, {@code AMQP_NO_PREFIX:}); then it is escaped as
 *       {@code ID:AMQP_STRING:<string>};</li>
 *   <li>a string without {@code ID:}: as a JMSMessageID {@code ID:AMQP_NO_PREFIX:<string>} (a JMS message id
 *       starts with {@code ID:}); as a JMSCorrelationID itself (an application's own correlation value).</li>
 * </ul>
 * A value of any other type, which the AMQP specification does not allow for an id, shows as {@code ID:} followed
 * by its text, so that what one peer got wrong fails nothing. Stateless.
 */
public final class JmsIds {

    /** Every JMS message id, and every encoded AMQP id, starts with this. */
    public static final String ID = "ID:";
    static final String AMQP_ULONG = "AMQP_ULONG:";
    static final String AMQP_UUID = "AMQP_UUID:";
    static final String AMQP_BINARY = "AMQP_BINARY:";
    static final String AMQP_STRING = "AMQP_STRING:";
    static final String AMQP_NO_PREFIX = "AMQP_NO_PREFIX:";

    private static final String[] PREFIXES = {AMQP_ULONG, AMQP_UUID, AMQP_BINARY, AMQP_STRING, AMQP_NO_PREFIX};
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private JmsIds() {
    }

    /** The JMSMessageID for an AMQP message-id; null for null. */
    public static String messageId(Object amqpId) {
        if (amqpId instanceof String s && !s.startsWith(ID)) {
            return ID + AMQP_NO_PREFIX + s;
        }
        return correlationId(amqpId);
    }

    /** The JMSCorrelationID for an AMQP correlation-id; null for null. */
    public static String correlationId(Object amqpId) {
        if (amqpId == null) {
            return null;
        }
        if (amqpId instanceof String s) {
            return s.startsWith(ID) && encodingPrefix(s) != null ? ID + AMQP_STRING + s : s;
        }
        if (amqpId instanceof UnsignedLong n) {
            return ID + AMQP_ULONG + n;
        }
        if (amqpId instanceof UUID u) {
            return ID + AMQP_UUID + u;
        }
        if (amqpId instanceof Binary b) {
            return ID + AMQP_BINARY + HEX.formatHex(b.getArray(), b.getArrayOffset(), b.getArrayOffset()
                    + b.getLength());
        }
        return ID + amqpId;
    }

    /**
     * The AMQP value for a JMSMessageID or JMSCorrelationID: the reverse of {@link #messageId} and
     * {@link #correlationId}; a string that is not an encoded id is itself. Null for null.
     *
     * @throws IllegalArgumentException if the string carries an encoding prefix but what follows it is not such a
     *     value (as Qpid JMS refuses it too), naming the string and what was expected
     */
    public static Object toAmqp(String jmsId) {
        if (jmsId == null || !jmsId.startsWith(ID)) {
            return jmsId;
        }
        String prefix = encodingPrefix(jmsId);
        if (prefix == null) {
            return jmsId;
        }
        String value = jmsId.substring(ID.length() + prefix.length());
        try {
            return switch (prefix) {
                case AMQP_ULONG -> UnsignedLong.valueOf(value);
                case AMQP_UUID -> UUID.fromString(value);
                case AMQP_BINARY -> new Binary(HEX.parseHex(value));
                default -> value; // AMQP_STRING, AMQP_NO_PREFIX: the original string
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id '" + jmsId + "' starts with " + ID + prefix + " but '" + value
                    + "' is not " + expected(prefix) + "; only ids this broker or an AMQP JMS client made may carry"
                    + " that prefix", e);
        }
    }

    /** The encoding prefix that follows {@code ID:} in {@code s}, or null. */
    private static String encodingPrefix(String s) {
        for (String p : PREFIXES) {
            if (s.startsWith(p, ID.length())) {
                return p;
            }
        }
        return null;
    }

    private static String expected(String prefix) {
        return switch (prefix) {
            case AMQP_ULONG -> "an unsigned 64-bit decimal number";
            case AMQP_UUID -> "a UUID";
            default -> "an even number of hex digits";
        };
    }
}
