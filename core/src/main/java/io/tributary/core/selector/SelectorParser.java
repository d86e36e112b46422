package io.tributary.core.selector;

import io.tributary.core.BrokerException;

/** Parses selector text. Under construction. */
final class SelectorParser {

    private SelectorParser() {
    }

    static Selector parse(String text) {
        throw new BrokerException(BrokerException.Kind.INVALID_SELECTOR, "selectors are not built yet: " + text);
    }
}
