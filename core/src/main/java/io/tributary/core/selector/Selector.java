package io.tributary.core.selector;

/**
 * A compiled Jakarta Messaging message selector. Immutable and thread-safe.
 */
public interface Selector {

    /**
     * Compiles {@code text}. Null, empty or blank text means "no selector" and matches every message.
     *
     * @throws io.tributary.core.BrokerException INVALID_SELECTOR naming the position and the token
     */
    static Selector parse(String text) {
        return SelectorParser.parse(text);
    }

    /** True only when the selector evaluates to TRUE (FALSE and UNKNOWN do not match). */
    boolean matches(Filterable message);

    /** The source text. */
    String text();
}
