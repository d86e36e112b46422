package io.tributary.jms.provider;

import io.tributary.jms.message.MessageFacade;

/**
 * A delivery to a consumer.
 *
 * @param consumerId    the consumer
 * @param deliveryId    what to settle it with
 * @param facade        the message (decoded lazily, on the thread that reads it)
 * @param deliveryCount failed earlier attempts (JMSXDeliveryCount - 1)
 * @param settled       pre-settled (browsers): no settlement expected
 */
public record JmsInboundMessage(long consumerId, long deliveryId, MessageFacade facade, int deliveryCount,
                                boolean settled) {
}
