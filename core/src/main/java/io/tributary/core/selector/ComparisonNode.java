package io.tributary.core.selector;

/**
 * {@code = <> < <= > >=}. Numbers compare after Java numeric promotion; strings and booleans only with
 * {@code =} and {@code <>}; values of unlike types compare FALSE; NULL gives UNKNOWN. Immutable.
 */
final class ComparisonNode extends Expr {

    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    private final Op op;
    private final Expr left;
    private final Expr right;

    ComparisonNode(Op op, Expr left, Expr right) {
        super(Type.BOOLEAN, left, right);
        this.op = op;
        this.left = left;
        this.right = right;
    }

    @Override
    Object evaluate(Filterable message) {
        Object l = left.evaluate(message);
        if (l == null) {
            return null;
        }
        Object r = right.evaluate(message);
        return r == null ? null : compare(op, l, r);
    }

    /** {@code a op b} for non-null operands: TRUE, FALSE, or null (UNKNOWN) for an ordering of non-numbers. */
    static Boolean compare(Op op, Object a, Object b) {
        int ka = Numerics.kind(a);
        int kb = Numerics.kind(b);
        if (ka != Numerics.NONE && kb != Numerics.NONE) {
            int c = Numerics.compare((Number) a, ka, (Number) b, kb);
            return truth(test(op, c));
        }
        boolean like = (a instanceof String && b instanceof String) || (a instanceof Boolean && b instanceof Boolean);
        if (!like) {
            return Boolean.FALSE;
        }
        if (op.ordering()) {
            return null;
        }
        return truth(a.equals(b) == (op == Op.EQ));
    }

    private static boolean test(Op op, int c) {
        if (c == Integer.MIN_VALUE) {
            return op == Op.NE;
        }
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            default -> c >= 0;
        };
    }

    @Override
    boolean constant() {
        return left.constant() && right.constant();
    }

    @Override
    public String toString() {
        return "(" + left + " " + op.symbol() + " " + right + ")";
    }
}
