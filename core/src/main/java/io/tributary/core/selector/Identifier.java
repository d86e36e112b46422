package io.tributary.core.selector;

/** A header field or property reference, read from the message on each evaluation. Immutable. */
final class Identifier extends Expr {

    private final String name;

    Identifier(String name) {
        super(Type.ANY);
        this.name = name;
    }

    @Override
    Object evaluate(Filterable message) {
        return message.identifier(name);
    }

    @Override
    boolean constant() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
