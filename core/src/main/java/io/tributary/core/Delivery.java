package io.tributary.core;

import io.tributary.core.message.Message;

/**
 * One delivery of a message to a consumer.
 *
 * @param id            unique per consumer; used to settle
 * @param message       the message (for stream deliveries it carries x-stream-partition and
 *                      x-stream-offset message annotations)
 * @param deliveryCount previous failed delivery attempts (0 on first delivery); JMSXDeliveryCount is
 *                      this plus one and JMSRedelivered is {@code deliveryCount > 0}
 * @param settled       true when the delivery is pre-settled (at-most-once): no settle is expected
 */
public record Delivery(long id, Message message, int deliveryCount, boolean settled) {
}
