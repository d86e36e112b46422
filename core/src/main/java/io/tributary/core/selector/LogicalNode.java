package io.tributary.core.selector;

/** AND, OR and NOT with SQL three-valued logic (null is UNKNOWN). Immutable. */
final class LogicalNode extends Expr {

    enum Op { AND, OR, NOT }

    private final Op op;
    private final Expr left;
    private final Expr right;

    private LogicalNode(Op op, Expr left, Expr right) {
        super(Type.BOOLEAN);
        this.op = op;
        this.left = left;
        this.right = right;
    }

    static Expr and(Expr left, Expr right) {
        return new LogicalNode(Op.AND, left, right);
    }

    static Expr or(Expr left, Expr right) {
        return new LogicalNode(Op.OR, left, right);
    }

    static Expr not(Expr operand) {
        return new LogicalNode(Op.NOT, operand, null);
    }

    @Override
    Object evaluate(Filterable message) {
        Boolean l = truth(left.evaluate(message));
        switch (op) {
            case NOT:
                return l == null ? null : truth(!l);
            case AND:
                if (l != null && !l) {
                    return Boolean.FALSE;
                }
                Boolean r = truth(right.evaluate(message));
                if (r != null && !r) {
                    return Boolean.FALSE;
                }
                return l == null || r == null ? null : Boolean.TRUE;
            default:
                if (l != null && l) {
                    return Boolean.TRUE;
                }
                Boolean o = truth(right.evaluate(message));
                if (o != null && o) {
                    return Boolean.TRUE;
                }
                return l == null || o == null ? null : Boolean.FALSE;
        }
    }

    @Override
    boolean constant() {
        return left.constant() && (right == null || right.constant());
    }

    @Override
    public String toString() {
        return op == Op.NOT ? "(NOT " + left + ")" : "(" + left + " " + op + " " + right + ")";
    }
}
