package io.tributary.jms.message;

import jakarta.jms.MessageFormatException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Application properties plus the JMSX properties this provider supports, which live in AMQP fields:
 * JMSXGroupID (group-id), JMSXGroupSeq (group-sequence), JMSXUserID (user-id) and, on received
 * messages, JMSXDeliveryCount (delivery-count + 1).
 */
final class MessageProperties {

    static final String GROUP_ID = "JMSXGroupID";
    static final String GROUP_SEQ = "JMSXGroupSeq";
    static final String USER_ID = "JMSXUserID";
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private static final Set<String> RESERVED = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    private MessageProperties() {
    }

    static Object get(MessageFacade f, boolean received, String name) {
        switch (name) {
            case GROUP_ID:
                return f.groupId();
            case GROUP_SEQ:
                return f.groupSequence() == 0 ? null : f.groupSequence();
            case USER_ID:
                return f.userId();
            case DELIVERY_COUNT:
                return received ? f.deliveryCount() + 1 : null;
            default:
                return f.property(name);
        }
    }

    static void set(MessageFacade f, String name, Object value) throws MessageFormatException {
        switch (name) {
            case GROUP_ID:
                f.setGroupId(TypeConversion.asString(value));
                break;
            case GROUP_SEQ:
                f.setGroupSequence(value == null ? 0 : TypeConversion.asInt(value));
                break;
            case USER_ID:
                f.setUserId(TypeConversion.asString(value));
                break;
            case DELIVERY_COUNT:
                f.setDeliveryCount(value == null ? 0 : TypeConversion.asInt(value) - 1);
                break;
            default:
                f.setProperty(name, value);
        }
    }

    static Set<String> names(MessageFacade f, boolean received) {
        Set<String> names = new LinkedHashSet<>(f.propertyNames());
        for (String jmsx : new String[] {GROUP_ID, GROUP_SEQ, USER_ID, DELIVERY_COUNT}) {
            if (get(f, received, jmsx) != null) {
                names.add(jmsx);
            }
        }
        return names;
    }

    /**
     * Checks a property name: not null or empty (IllegalArgumentException, as Message.setXxxProperty
     * says), a selector identifier that is not a reserved word ("Property names").
     */
    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        if (!Character.isJavaIdentifierStart(name.charAt(0))
                || !name.chars().skip(1).allMatch(Character::isJavaIdentifierPart)) {
            throw new IllegalArgumentException("property name '" + name + "' is not a valid identifier "
                    + "(Jakarta Messaging 3.1 'Property names')");
        }
        if (RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("property name '" + name + "' is a reserved selector word");
        }
    }
}
