package io.tributary.core.selector;

import java.util.List;
import java.util.Set;

/** {@code v [NOT] IN ('a', 'b', ...)}; NULL or a non-string value gives UNKNOWN. Immutable. */
final class InNode extends Expr {

    private final Expr value;
    private final Set<String> strings;
    private final boolean negated;

    InNode(Expr value, List<String> strings, boolean negated) {
        super(Type.BOOLEAN, value);
        this.value = value;
        this.strings = Set.copyOf(strings);
        this.negated = negated;
    }

    @Override
    Object evaluate(Filterable message) {
        Object v = value.evaluate(message);
        if (!(v instanceof String s)) {
            return null;
        }
        return truth(strings.contains(s) != negated);
    }

    @Override
    boolean constant() {
        return value.constant();
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT" : "") + " IN " + strings + ")";
    }
}
