package io.tributary.core.selector;

/**
 * {@code v [NOT] BETWEEN low AND high}, the same as {@code v >= low AND v <= high} (negated for NOT)
 * with three-valued logic, evaluating {@code v} once. Immutable.
 */
final class BetweenNode extends Expr {

    private final Expr value;
    private final Expr low;
    private final Expr high;
    private final boolean negated;

    BetweenNode(Expr value, Expr low, Expr high, boolean negated) {
        super(Type.BOOLEAN, value, low, high);
        this.value = value;
        this.low = low;
        this.high = high;
        this.negated = negated;
    }

    @Override
    Object evaluate(Filterable message) {
        Object v = value.evaluate(message);
        Boolean lower = bound(ComparisonNode.Op.GE, v, low.evaluate(message));
        Boolean result;
        if (lower != null && !lower) {
            result = Boolean.FALSE;
        } else {
            Boolean upper = bound(ComparisonNode.Op.LE, v, high.evaluate(message));
            if (upper != null && !upper) {
                result = Boolean.FALSE;
            } else {
                result = lower == null || upper == null ? null : Boolean.TRUE;
            }
        }
        if (result == null || !negated) {
            return result;
        }
        return truth(!result);
    }

    private static Boolean bound(ComparisonNode.Op op, Object v, Object limit) {
        return v == null || limit == null ? null : ComparisonNode.compare(op, v, limit);
    }

    @Override
    boolean constant() {
        return value.constant() && low.constant() && high.constant();
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT" : "") + " BETWEEN " + low + " AND " + high + ")";
    }
}
