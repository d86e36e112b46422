package io.tributary.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The Jakarta Messaging conversion tables: message properties ("Property value conversion") and the StreamMessage
 * and MapMessage body tables. A value written as a row type may be read as a column type; a String is
 * parsed with the target type's {@code valueOf}, so a bad string throws NumberFormatException and a
 * missing (null) value behaves like {@code valueOf(null)}; anything else throws MessageFormatException.
 */
public final class TypeConversion {

    private TypeConversion() {
    }

    public static boolean asBoolean(Object v) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.parseBoolean((String) v);
        }
        throw cannot(v, "boolean");
    }

    public static byte asByte(Object v) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.parseByte(nonNull(v));
        }
        throw cannot(v, "byte");
    }

    public static short asShort(Object v) throws MessageFormatException {
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).shortValue();
        }
        if (v == null || v instanceof String) {
            return Short.parseShort(nonNull(v));
        }
        throw cannot(v, "short");
    }

    public static int asInt(Object v) throws MessageFormatException {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v == null || v instanceof String) {
            return Integer.parseInt(nonNull(v));
        }
        throw cannot(v, "int");
    }

    public static long asLong(Object v) throws MessageFormatException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v == null || v instanceof String) {
            return Long.parseLong(nonNull(v));
        }
        throw cannot(v, "long");
    }

    public static float asFloat(Object v) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.parseFloat((String) v);
        }
        throw cannot(v, "float");
    }

    public static double asDouble(Object v) throws MessageFormatException {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v == null || v instanceof String) {
            return Double.parseDouble((String) v);
        }
        throw cannot(v, "double");
    }

    /** Body tables only: a char reads only as char (or String); null throws NullPointerException. */
    public static char asChar(Object v) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("the value is null and cannot be read as a char");
        }
        throw cannot(v, "char");
    }

    public static String asString(Object v) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[]) {
            throw cannot(v, "String");
        }
        return v.toString();
    }

    /** Body tables only: byte[] reads only as byte[]. */
    public static byte[] asBytes(Object v) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        throw cannot(v, "byte[]");
    }

    private static String nonNull(Object v) {
        if (v == null) {
            throw new NumberFormatException("null value cannot be read as a number");
        }
        return (String) v;
    }

    static MessageFormatException cannot(Object v, String target) {
        return new MessageFormatException("a " + v.getClass().getSimpleName() + " value (" + v
                + ") cannot be read as " + target + " (Jakarta Messaging 3.1 conversion tables)");
    }

    /** True for the types a message property may hold ("Property value conversion"). */
    static boolean isPropertyType(Object v) {
        return v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Integer
                || v instanceof Long || v instanceof Float || v instanceof Double || v instanceof String;
    }

    /** True for the types a StreamMessage or MapMessage body may hold. */
    static boolean isBodyType(Object v) {
        return isPropertyType(v) || v instanceof Character || v instanceof byte[];
    }
}
