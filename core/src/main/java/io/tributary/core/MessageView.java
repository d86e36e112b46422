package io.tributary.core;

import io.tributary.core.message.Message;

/**
 * One message as a queue holds it, for browsing by operators.
 *
 * @param id            the broker's id of the message in this queue, which the management operations take
 * @param deliveryCount failed delivery attempts so far
 * @param scheduled     waiting for its delivery time (scheduled delivery or a redelivery delay)
 * @param message       the message itself (read its header fields and properties, never change it)
 */
public record MessageView(long id, int deliveryCount, boolean scheduled, Message message) {
}
