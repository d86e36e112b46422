package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.selector.Selector;
import io.tributary.core.store.QueueRecord;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Topic subscriptions: opens (creating, reusing or replacing), drops and unsubscribes them. Each
 * subscription is a {@link MessageQueue} on its topic's {@link AddressState}.
 *
 * <p>Identity keys: {@code d:<clientId>:<name>} (durable), {@code ds:<clientId>:<name>} (shared
 * durable, client id may be empty), {@code ns:<clientId>:<name>} (shared non-durable),
 * {@code n:<connection>:<n>} (private non-durable). The queue name is {@code <topic>::<key>}.
 *
 * <p>Thread model: every change runs under this object's monitor, and a consumer is attached within it
 * so that a concurrent last-consumer-close cannot drop the subscription in between. Lock order:
 * registry, this, a queue's lock.
 */
final class Subscriptions {

    private final BrokerEngine engine;
    private final AddressRegistry registry;
    private final ConcurrentHashMap<String, MessageQueue> byKey = new ConcurrentHashMap<>();
    private final AtomicLong privateIds = new AtomicLong();

    Subscriptions(BrokerEngine engine, AddressRegistry registry) {
        this.engine = engine;
        this.registry = registry;
    }

    /** Opens the subscription {@code spec} names on {@code topic} and attaches a consumer with {@code attach}. */
    synchronized QueueConsumer open(AddressState topic, ConsumerSpec spec, Selector selector, EngineConnection conn,
                                    Function<MessageQueue, QueueConsumer> attach) {
        String clientId = conn.info().clientId();
        boolean named = spec.durable() || spec.shared();
        if (!named) {
            String key = "n:" + conn.id() + ":" + privateIds.incrementAndGet();
            return attach.apply(create(topic, key, null, null, false, false, spec, selector, conn));
        }
        String name = spec.subscriptionName();
        if (name == null || name.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "shared subscription on " + topic
                    + " has no subscription name");
        }
        if (spec.durable() && !spec.shared() && clientId == null) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "durable subscription '" + name + "' on "
                    + topic + " needs a client id; set one on the connection or use a shared subscription");
        }
        String key = key(spec.durable(), spec.shared(), clientId, name);
        MessageQueue existing = byKey.get(key);
        if (existing != null) {
            int active = existing.consumerCount();
            if (!spec.shared() && active > 0) {
                throw new BrokerException(BrokerException.Kind.IN_USE, "durable subscription '" + name
                        + "' of client id '" + clientId + "' already has an active consumer; close it first");
            }
            boolean same = existing.address == topic && !existing.address.deleted
                    && existing.subscription.sameDefinition(selector == null ? null : spec.selector(), spec.noLocal());
            if (!same) {
                if (active > 0) {
                    throw new BrokerException(BrokerException.Kind.IN_USE, "shared subscription '" + name
                            + "' has " + active + " consumer(s) on " + existing.address + " with selector "
                            + existing.subscription.selectorText()
                            + "; a different topic or selector needs them closed");
                }
                drop(existing);
                existing = null;
            }
        }
        MessageQueue q = existing != null ? existing
                : create(topic, key, name, clientId, spec.durable(), spec.shared(), spec, selector, conn);
        return attach.apply(q);
    }

    static String key(boolean durable, boolean shared, String clientId, String name) {
        String prefix = durable ? (shared ? "ds:" : "d:") : "ns:";
        return prefix + (clientId == null ? "" : clientId) + ":" + name;
    }

    private MessageQueue create(AddressState topic, String key, String name, String clientId, boolean durable,
                                boolean shared, ConsumerSpec spec, Selector selector, EngineConnection conn) {
        SubscriptionInfo info = new SubscriptionInfo(key, name, clientId, durable,
                shared, selector == null ? null : spec.selector(), selector, spec.noLocal(),
                durable ? null : conn.id());
        MessageQueue q = add(topic, info);
        if (q.persistent) {
            StoreWork work = engine.storeWork();
            work.batch().saveQueue(new QueueRecord(q.name, topic.name, name, clientId, shared,
                    info.selectorText(), info.noLocal()));
            engine.commitInBackground(work, "save subscription " + q.name);
        }
        return q;
    }

    private MessageQueue add(AddressState topic, SubscriptionInfo info) {
        boolean persistent = info.durable() && engine.persistent() && !topic.temporary;
        MessageQueue q = new MessageQueue(engine, topic.name + "::" + info.key(), topic, info, persistent);
        byKey.put(info.key(), q);
        registry.registerQueue(q);
        topic.subscriptions.add(q);
        return q;
    }

    /** Recovery: re-creates a stored durable subscription. */
    synchronized MessageQueue restore(AddressState topic, QueueRecord r) {
        Selector selector = r.selector() == null ? null : Selector.parse(r.selector());
        String key = key(true, r.shared(), r.clientId(), r.subscriptionName());
        SubscriptionInfo info = new SubscriptionInfo(key, r.subscriptionName(), r.clientId(), true, r.shared(),
                r.selector(), selector, r.noLocal(), null);
        return add(topic, info);
    }

    /** Drops a non-durable subscription whose last consumer left. */
    synchronized void dropIfUnused(MessageQueue q) {
        if (q.consumerCount() == 0 && byKey.get(q.subscription.key()) == q) {
            drop(q);
        }
    }

    /** Removes the durable subscription {@code name} of {@code conn}'s client id. */
    synchronized void unsubscribe(EngineConnection conn, String name) {
        String clientId = conn.info().clientId();
        MessageQueue q = byKey.get(key(true, false, clientId, name));
        if (q == null || clientId == null) {
            q = byKey.get(key(true, true, clientId, name));
        }
        if (q == null) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "no durable subscription '" + name
                    + "' for client id '" + clientId + "'; nothing to unsubscribe");
        }
        int active = q.consumerCount();
        if (active > 0) {
            throw new BrokerException(BrokerException.Kind.IN_USE, "durable subscription '" + name + "' has "
                    + active + " active consumer(s); close them before unsubscribing");
        }
        drop(q);
    }

    private void drop(MessageQueue q) {
        forget(q);
        q.address.subscriptions.remove(q);
        registry.unregisterQueue(q);
        q.delete(new BrokerException(BrokerException.Kind.NOT_FOUND, "subscription " + q.name + " was removed"));
        if (q.persistent) {
            StoreWork work = engine.storeWork();
            work.batch().deleteQueue(q.name);
            engine.commitInBackground(work, "delete subscription " + q.name);
        }
    }

    /** Forgets the key of a subscription queue being deleted with its address. */
    void forget(MessageQueue q) {
        if (q.subscription != null) {
            byKey.remove(q.subscription.key(), q);
        }
    }
}
