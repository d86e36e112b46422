package io.tributary.core.selector;

/**
 * Java numeric promotion for selector arithmetic and comparison. Stateless.
 *
 * <p>Byte, Short and Integer promote to int, then long, float, double, as the Java language does:
 * {@code int * int} overflows as in Java, {@code int + long} is long, anything with a float or double
 * is floating point. Exact division by zero has no value (null, so the comparison using it is
 * UNKNOWN); floating-point division by zero gives an infinity or NaN as in Java.
 */
final class Numerics {

    static final int NONE = 0;
    static final int INT = 1;
    static final int LONG = 2;
    static final int FLOAT = 3;
    static final int DOUBLE = 4;

    private Numerics() {
    }

    /** The promotion rank of {@code value}, or NONE when it is not a selector number. */
    static int kind(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return INT;
        }
        if (value instanceof Long) {
            return LONG;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        return value instanceof Float ? FLOAT : NONE;
    }

    /** {@code a op b} for op one of + - * /, or null when an operand is not a number or on exact division by 0. */
    static Object arithmetic(char op, Object a, Object b) {
        int ka = kind(a);
        int kb = kind(b);
        if (ka == NONE || kb == NONE) {
            return null;
        }
        Number x = (Number) a;
        Number y = (Number) b;
        switch (Math.max(ka, kb)) {
            case DOUBLE:
                return doubles(op, x.doubleValue(), y.doubleValue());
            case FLOAT:
                return floats(op, x.floatValue(), y.floatValue());
            case LONG:
                return longs(op, x.longValue(), y.longValue());
            default:
                return ints(op, x.intValue(), y.intValue());
        }
    }

    private static Object doubles(char op, double x, double y) {
        double r = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
        return r;
    }

    private static Object floats(char op, float x, float y) {
        float r = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
        return r;
    }

    private static Object longs(char op, long x, long y) {
        if (op == '/' && y == 0) {
            return null;
        }
        long r = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
        return r;
    }

    private static Object ints(char op, int x, int y) {
        if (op == '/' && y == 0) {
            return null;
        }
        int r = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
        return r;
    }

    /** {@code -value} with the operand's own type (byte and short promote to int), or null. */
    static Object negate(Object value) {
        switch (kind(value)) {
            case INT:
                return Integer.valueOf(-((Number) value).intValue());
            case LONG:
                return Long.valueOf(-(Long) value);
            case FLOAT:
                return Float.valueOf(-(Float) value);
            case DOUBLE:
                return Double.valueOf(-(Double) value);
            default:
                return null;
        }
    }

    /** {@code +value}: the number promoted as Java's unary plus does, or null when not a number. */
    static Object plus(Object value) {
        int kind = kind(value);
        if (kind == INT && !(value instanceof Integer)) {
            return ((Number) value).intValue();
        }
        return kind == NONE ? null : value;
    }

    /**
     * Compares two numbers after promotion: negative, zero or positive, or {@link Integer#MIN_VALUE}
     * when they are unordered (a NaN is involved), so every ordering test is false as in Java.
     */
    static int compare(Number a, int ka, Number b, int kb) {
        if (Math.max(ka, kb) >= FLOAT) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (x < y) {
                return -1;
            }
            if (x > y) {
                return 1;
            }
            return x == y ? 0 : Integer.MIN_VALUE;
        }
        return Long.compare(a.longValue(), b.longValue());
    }
}
