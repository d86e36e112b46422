package io.tributary.core.store;

/**
 * A stored queue: a plain queue (name equals address, no subscription) or a durable subscription's
 * queue on a topic address.
 *
 * @param name             the queue name (unique)
 * @param address          the address it belongs to
 * @param subscriptionName the durable subscription name, or null for a plain queue
 * @param clientId         the client id of a non-shared durable subscription, or null
 * @param shared           a shared durable subscription
 * @param selector         the subscription's selector, or null
 * @param noLocal          the subscription's noLocal flag
 */
public record QueueRecord(String name, String address, String subscriptionName, String clientId, boolean shared,
                          String selector, boolean noLocal) {
}
