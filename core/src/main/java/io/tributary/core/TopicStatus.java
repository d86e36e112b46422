package io.tributary.core;

import java.util.List;

/**
 * A snapshot of one topic for operators: its subscriptions, each a queue of its own.
 *
 * @param name          the topic address
 * @param subscriptions its subscriptions, by queue name
 */
public record TopicStatus(String name, List<Subscription> subscriptions) {

    /**
     * One subscription.
     *
     * @param name      the subscription name, or null for a private non-durable subscription
     * @param clientId  the client id it belongs to, or null (shared subscriptions may have none)
     * @param queue     the name of its queue ({@code <topic>::<key>}), as {@link Management#queue} knows it
     * @param durable   it survives its consumers, their connection and a restart
     * @param shared    several consumers may split it
     * @param selector  its JMS selector, or null
     * @param consumers consumers attached now
     * @param depth     messages not yet acknowledged (as {@link QueueStatus#depth})
     */
    public record Subscription(String name, String clientId, String queue, boolean durable, boolean shared,
                               String selector, int consumers, long depth) {
    }
}
