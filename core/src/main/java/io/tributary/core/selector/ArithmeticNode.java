package io.tributary.core.selector;

/** Binary {@code + - * /} and unary {@code + -} on numbers; NULL or a non-number gives NULL. Immutable. */
final class ArithmeticNode extends Expr {

    /** The operator; 'n' is unary minus and 'p' unary plus (then {@code right} is null). */
    private final char op;
    private final Expr left;
    private final Expr right;

    private ArithmeticNode(char op, Expr left, Expr right) {
        super(Type.NUMERIC, right == null ? new Expr[] {left} : new Expr[] {left, right});
        this.op = op;
        this.left = left;
        this.right = right;
    }

    static Expr binary(char op, Expr left, Expr right) {
        return new ArithmeticNode(op, left, right);
    }

    static Expr negate(Expr operand) {
        return new ArithmeticNode('n', operand, null);
    }

    static Expr plus(Expr operand) {
        return new ArithmeticNode('p', operand, null);
    }

    @Override
    Object evaluate(Filterable message) {
        Object l = left.evaluate(message);
        if (op == 'n') {
            return Numerics.negate(l);
        }
        if (op == 'p') {
            return Numerics.plus(l);
        }
        if (l == null) {
            return null;
        }
        Object r = right.evaluate(message);
        return r == null ? null : Numerics.arithmetic(op, l, r);
    }

    @Override
    boolean constant() {
        return left.constant() && (right == null || right.constant());
    }

    @Override
    public String toString() {
        if (right == null) {
            return "(" + (op == 'n' ? "-" : "+") + left + ")";
        }
        return "(" + left + " " + op + " " + right + ")";
    }
}
