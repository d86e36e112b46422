package io.tributary.core;

import java.util.Locale;

/** What an address is: it decides the semantics of every send to it and every consumer on it. */
public enum AddressKind {
    /** Point-to-point: each message goes to one consumer and is removed when acknowledged. */
    QUEUE,
    /** Publish-subscribe: each subscription is its own queue; the message is stored once. */
    TOPIC,
    /** Append-only partitioned log: reading never removes, each reader keeps its own offset. */
    STREAM;

    /** Parses {@code queue}, {@code topic} or {@code stream}, case-insensitively. */
    public static AddressKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "address kind '" + text + "' is not one of queue, topic, stream", e);
        }
    }
}
