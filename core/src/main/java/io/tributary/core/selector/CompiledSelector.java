package io.tributary.core.selector;

/** A compiled selector: its text and its expression tree. Immutable and thread-safe. */
final class CompiledSelector implements Selector {

    private final String text;
    private final Expr root;

    CompiledSelector(String text, Expr root) {
        this.text = text;
        this.root = root;
    }

    @Override
    public boolean matches(Filterable message) {
        return Boolean.TRUE.equals(root.evaluate(message));
    }

    @Override
    public String text() {
        return text;
    }

    /** The expression tree, fully parenthesised (for tests and logs). */
    String tree() {
        return root.toString();
    }

    @Override
    public String toString() {
        return "Selector[" + text + "]";
    }
}
