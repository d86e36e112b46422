package io.tributary.core.engine;

import io.tributary.core.message.Message;
import io.tributary.core.selector.Selector;
import java.util.Objects;

/**
 * What a topic subscription is: its identity, and the selector and noLocal flag applied when a
 * message is routed to it. Immutable.
 *
 * @param key              the identity in the subscription registry
 * @param name             the subscription name (null for a private non-durable one)
 * @param clientId         the client id it belongs to, or null
 * @param durable          survives its consumers, the connection and a restart
 * @param shared           several consumers may split it
 * @param selectorText     the selector source, or null
 * @param selector         the compiled selector, or null
 * @param noLocal          skip messages sent by the owning connection (or client id)
 * @param ownerConnectionId the connection of a non-durable subscription, or null
 */
record SubscriptionInfo(String key, String name, String clientId, boolean durable, boolean shared,
                        String selectorText, Selector selector, boolean noLocal, String ownerConnectionId) {

    /** Does a message sent on {@code sender} belong in this subscription? */
    boolean wants(Message message, EngineConnection sender, BrokerEngine engine) {
        if (noLocal && sender != null && (sender.id().equals(ownerConnectionId)
                || clientId != null && clientId.equals(sender.info().clientId()))) {
            return false;
        }
        return selector == null || selector.matches(engine.filterable(message, 0));
    }

    /** Same topic-independent definition (selector and noLocal)? */
    boolean sameDefinition(String otherSelector, boolean otherNoLocal) {
        return Objects.equals(selectorText, otherSelector) && (shared || noLocal == otherNoLocal);
    }
}
