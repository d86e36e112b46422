package io.tributary.core.selector;

import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;

/**
 * The JMS string forms of AMQP message-id and correlation-id values, as the AMQP JMS Mapping defines
 * them and JMS clients show them: {@code "ID:AMQP_UUID:<uuid>"}, {@code "ID:AMQP_ULONG:<n>"},
 * {@code "ID:AMQP_BINARY:<HEX>"}; a string message-id without {@code "ID:"} becomes
 * {@code "ID:AMQP_NO_PREFIX:<s>"}, a string correlation-id without it stays as the application set it,
 * and an {@code "ID:"} string that looks like an encoded id is marked {@code "ID:AMQP_STRING:<s>"}.
 * Stateless.
 */
final class JmsIdStrings {

    static final String ID = "ID:";
    static final String AMQP_UUID = "AMQP_UUID:";
    static final String AMQP_ULONG = "AMQP_ULONG:";
    static final String AMQP_BINARY = "AMQP_BINARY:";
    static final String AMQP_STRING = "AMQP_STRING:";
    static final String AMQP_NO_PREFIX = "AMQP_NO_PREFIX:";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JmsIdStrings() {
    }

    /** JMSMessageID for an AMQP message-id, or null. */
    static String messageId(Object id) {
        if (id instanceof String s && !s.startsWith(ID)) {
            return ID + AMQP_NO_PREFIX + s;
        }
        return id(id);
    }

    /** JMSCorrelationID for an AMQP correlation-id, or null. */
    static String correlationId(Object id) {
        return id(id);
    }

    private static String id(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof String s) {
            return s.startsWith(ID) && hasEncodingPrefix(s) ? ID + AMQP_STRING + s : s;
        }
        if (id instanceof UUID u) {
            return ID + AMQP_UUID + u;
        }
        if (id instanceof UnsignedLong n) {
            return ID + AMQP_ULONG + n;
        }
        if (id instanceof Binary b) {
            return ID + AMQP_BINARY + hex(b);
        }
        return ID + id;
    }

    private static boolean hasEncodingPrefix(String s) {
        return s.startsWith(AMQP_UUID, ID.length()) || s.startsWith(AMQP_ULONG, ID.length())
                || s.startsWith(AMQP_BINARY, ID.length()) || s.startsWith(AMQP_STRING, ID.length())
                || s.startsWith(AMQP_NO_PREFIX, ID.length());
    }

    private static String hex(Binary b) {
        StringBuilder out = new StringBuilder(b.getLength() * 2);
        byte[] array = b.getArray();
        for (int i = b.getArrayOffset(); i < b.getArrayOffset() + b.getLength(); i++) {
            out.append(HEX[(array[i] >> 4) & 0xF]).append(HEX[array[i] & 0xF]);
        }
        return out.toString();
    }
}
