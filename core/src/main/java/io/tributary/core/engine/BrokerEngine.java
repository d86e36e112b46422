package io.tributary.core.engine;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;

/** The engine behind {@link Broker}. Under construction. */
public final class BrokerEngine {

    private BrokerEngine() {
    }

    public static Broker start(BrokerConfig config) {
        throw new BrokerException(BrokerException.Kind.INTERNAL, "engine not built yet");
    }
}
