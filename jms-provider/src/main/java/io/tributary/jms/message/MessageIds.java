package io.tributary.jms.message;

import java.util.HexFormat;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;

/**
 * Maps between JMS message / correlation id strings and AMQP message-id values. A JMS id is a string
 * starting with "ID:"; AMQP ids may also be ulong, uuid or binary. Those are shown to JMS with a type
 * prefix ({@code ID:AMQP_ULONG:}, {@code ID:AMQP_UUID:}, {@code ID:AMQP_BINARY:}) and turned back into
 * their AMQP type when such a string is set, so a reply's correlation id matches the request's id.
 * An AMQP string id without "ID:" shows as {@code ID:AMQP_NO_PREFIX:...} for message ids.
 */
final class MessageIds {

    static final String ULONG = "ID:AMQP_ULONG:";
    static final String UUID_PREFIX = "ID:AMQP_UUID:";
    static final String BINARY = "ID:AMQP_BINARY:";
    static final String NO_PREFIX = "ID:AMQP_NO_PREFIX:";

    private MessageIds() {
    }

    /** The JMS string for an AMQP id; {@code messageId} decides whether plain strings get an ID: prefix. */
    static String toJms(Object id, boolean messageId) {
        if (id == null) {
            return null;
        }
        if (id instanceof String s) {
            return !messageId || s.startsWith("ID:") ? s : NO_PREFIX + s;
        }
        if (id instanceof UUID u) {
            return UUID_PREFIX + u;
        }
        if (id instanceof UnsignedLong || id instanceof Long) {
            return ULONG + id;
        }
        if (id instanceof Binary b) {
            return BINARY + HexFormat.of().withUpperCase().formatHex(b.getArray(), b.getArrayOffset(),
                    b.getArrayOffset() + b.getLength());
        }
        return id.toString();
    }

    /** The AMQP id value for a JMS id string. */
    static Object toAmqp(String id) {
        if (id == null) {
            return null;
        }
        try {
            if (id.startsWith(ULONG)) {
                return UnsignedLong.valueOf(id.substring(ULONG.length()));
            }
            if (id.startsWith(UUID_PREFIX)) {
                return UUID.fromString(id.substring(UUID_PREFIX.length()));
            }
            if (id.startsWith(BINARY)) {
                return new Binary(HexFormat.of().parseHex(id.substring(BINARY.length())));
            }
        } catch (IllegalArgumentException e) {
            return id;
        }
        if (id.startsWith(NO_PREFIX)) {
            return id.substring(NO_PREFIX.length());
        }
        return id;
    }
}
