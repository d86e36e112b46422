package io.tributary.jms.provider;

import io.tributary.jms.TributaryDestination;

/**
 * A producer.
 *
 * @param producerId  unique within the connection
 * @param session     its session
 * @param destination the destination, or null for an anonymous producer
 */
public record JmsProducerInfo(long producerId, JmsSessionInfo session, TributaryDestination destination)
        implements JmsResourceInfo {
}
