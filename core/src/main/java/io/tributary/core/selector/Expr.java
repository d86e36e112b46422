package io.tributary.core.selector;

/**
 * A node of a compiled selector. Immutable and thread-safe.
 *
 * <p>Design note: every node evaluates to a plain Java value: {@code null} for NULL and for the
 * UNKNOWN truth value, {@link Boolean#TRUE}/{@link Boolean#FALSE} for conditions (always the two
 * constants, so conditions never allocate), and the message's own String/Number/Boolean objects for
 * identifiers. Only arithmetic on non-constant operands boxes a new number.
 */
abstract class Expr {

    /** What the parser knows about a node's value before any message is seen. */
    enum Type {
        /** A condition: TRUE, FALSE or UNKNOWN. */
        BOOLEAN("condition"),
        NUMERIC("numeric expression"),
        STRING("string"),
        /** An identifier: its type is known only per message. */
        ANY("value");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private final Type type;
    private final int depth;

    /** A node of {@code type} over {@code children} (used only to know the depth of the tree). */
    Expr(Type type, Expr... children) {
        this.type = type;
        int deepest = 0;
        for (Expr child : children) {
            deepest = Math.max(deepest, child.depth);
        }
        this.depth = deepest + 1;
    }

    final Type type() {
        return type;
    }

    /** The number of nodes on the longest path from this node to a leaf. */
    final int depth() {
        return depth;
    }

    /** The value for this message; null for NULL or UNKNOWN. */
    abstract Object evaluate(Filterable message);

    /** True when the value does not depend on the message, so the parser may fold it into a literal. */
    abstract boolean constant();

    /** The truth value of {@code value}: TRUE, FALSE, or null (UNKNOWN) for null and non-booleans. */
    static Boolean truth(Object value) {
        if (value instanceof Boolean b) {
            return b ? Boolean.TRUE : Boolean.FALSE;
        }
        return null;
    }

    /** The one boxed truth value for {@code b}. */
    static Boolean truth(boolean b) {
        return b ? Boolean.TRUE : Boolean.FALSE;
    }
}
