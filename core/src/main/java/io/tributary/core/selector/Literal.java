package io.tributary.core.selector;

/** A literal value, also the result of folding a constant sub-expression. Immutable. */
final class Literal extends Expr {

    private final Object value;

    Literal(Object value, Type type) {
        super(type);
        this.value = value;
    }

    @Override
    Object evaluate(Filterable message) {
        return value;
    }

    @Override
    boolean constant() {
        return true;
    }

    @Override
    public String toString() {
        return value instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(value);
    }
}
