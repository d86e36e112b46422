package io.tributary.core.selector;

/** {@code v IS [NOT] NULL}: never UNKNOWN. Immutable. */
final class IsNullNode extends Expr {

    private final Expr value;
    private final boolean negated;

    IsNullNode(Expr value, boolean negated) {
        super(Type.BOOLEAN, value);
        this.value = value;
        this.negated = negated;
    }

    @Override
    Object evaluate(Filterable message) {
        return truth((value.evaluate(message) == null) != negated);
    }

    @Override
    boolean constant() {
        return value.constant();
    }

    @Override
    public String toString() {
        return "(" + value + " IS " + (negated ? "NOT " : "") + "NULL)";
    }
}
