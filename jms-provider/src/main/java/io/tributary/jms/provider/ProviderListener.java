package io.tributary.jms.provider;

import jakarta.jms.JMSException;

/**
 * Events from a {@link Provider}. Called on provider threads: implementations must not block.
 */
public interface ProviderListener {

    /** A delivery for a consumer. */
    void onMessage(JmsInboundMessage message);

    /** A drain has finished for a consumer (see {@link Provider#drain}). */
    default void onDrained(long consumerId) {
    }

    /** The broker closed a consumer (its destination was deleted, the broker stops). */
    void onConsumerClosed(long consumerId, JMSException cause);

    /** The connection failed; the JMS connection reports it to its ExceptionListener. */
    void onConnectionFailure(JMSException cause);
}
