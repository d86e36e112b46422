package io.tributary.jms.provider;

import io.tributary.jms.TributaryDestination;

/**
 * A consumer or queue browser.
 *
 * @param consumerId       unique within the connection
 * @param session          its session
 * @param destination      what it reads
 * @param selector         a message selector, or null
 * @param noLocal          skip messages sent on this connection
 * @param browser          a queue browser (deliveries are pre-settled copies)
 * @param subscriptionName for topic subscriptions that have a name, else null
 * @param durable          a durable subscription
 * @param shared           a shared subscription
 * @param prefetch         how many deliveries the JMS layer keeps buffered
 */
public record JmsConsumerInfo(long consumerId, JmsSessionInfo session, TributaryDestination destination,
                              String selector, boolean noLocal, boolean browser, String subscriptionName,
                              boolean durable, boolean shared, int prefetch) implements JmsResourceInfo {
}
