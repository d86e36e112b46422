package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.MessageTrace;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.stream.StreamLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes messages to queues: a send to an address, the sends of a committed transaction, dead letters
 * and expired messages. A message is stored once (one addMessage) with one reference per persistent
 * queue, and one {@link Message} object is shared by the entries of every queue it goes to.
 *
 * <p>Thread-safe and stateless apart from the engine it belongs to; never called under a queue lock.
 */
final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final BrokerEngine engine;

    Router(BrokerEngine engine) {
        this.engine = engine;
    }

    /** Entries made for one message, to enqueue once their store batch has committed. */
    static final class Routed {
        private final List<MessageQueue> queues = new ArrayList<>(1);
        private final List<QueueEntry> entries = new ArrayList<>(1);
        private StreamLog.PendingAppend append;
        /** Set when the message is traced and stored: where its stored event goes. */
        private Tracer tracer;
        private long tracedId;
        private String address;

        void enqueue() {
            if (tracer != null) {
                tracer.event(tracedId, MessageTrace.STORED, address, Map.of());
            }
            for (int i = 0; i < queues.size(); i++) {
                queues.get(i).enqueue(entries.get(i));
            }
            if (append != null) {
                append.publish();
            }
        }

        /** The store batch failed or was never committed: a stream append leaves a hole. */
        void abandon() {
            if (append != null) {
                append.abandon();
            }
        }
    }

    /**
     * Sends outside a transaction: completes when routed and, for a stored message, committed. A message whose
     * duplicate id the address remembers completes with the earlier send's outcome and is neither stored nor routed.
     */
    CompletionStage<Void> send(AddressState a, Message m, EngineConnection sender) {
        DuplicateIds.Claim claim = null;
        if (a.duplicates != null) {
            String id = a.duplicates.idOf(m.validate());
            if (id != null) {
                try {
                    claim = a.duplicates.claim(id);
                } catch (DuplicateIds.Duplicate d) {
                    LOG.debug("{}: dropped a resend of duplicate id '{}'", a, ClientText.safe(id));
                    return d.earlier.handle((ok, failure) -> {
                        if (failure != null) {
                            throw a.duplicates.earlierSendFailed(id, failure);
                        }
                        return null;
                    });
                }
            }
        }
        try {
            return send(a, m, sender, claim);
        } catch (RuntimeException e) {
            if (claim != null) {
                claim.release(e);
            }
            throw e;
        }
    }

    private CompletionStage<Void> send(AddressState a, Message m, EngineConnection sender, DuplicateIds.Claim claim) {
        StoreWork work = engine.storeWork();
        Routed routed = prepare(a, m, sender, work, -1, TraceOrigin.SEND);
        if (work.isEmpty()) {
            routed.enqueue();
            if (claim != null) {
                claim.confirm();
                if (claim.forgotSome() && engine.persistent()) {
                    StoreWork forget = engine.storeWork();
                    claim.writeForgotten(forget.batch());
                    engine.commitInBackground(forget, "forget duplicate ids of " + a);
                }
            }
            return StoreWork.DONE;
        }
        if (claim != null) {
            claim.write(work.batch());
        }
        return work.commit().handle((ok, failure) -> {
            if (failure != null) {
                routed.abandon();
                BrokerException e = storeFailure("message to " + a, failure);
                if (claim != null) {
                    claim.release(e);
                }
                throw e;
            }
            routed.enqueue();
            if (claim != null) {
                claim.confirm();
            }
            return null;
        });
    }

    static BrokerException storeFailure(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BrokerException be) {
            return be;
        }
        return new BrokerException(BrokerException.Kind.STORE_FAILURE, "store failed on " + what + ": " + cause,
                cause);
    }

    /**
     * Makes the entries of {@code m} for every queue of {@code a} it goes to and writes the store part into
     * {@code work}. {@code expiryOverride} replaces the message's own expiry when >= 0. A traced message's first
     * events (received, routed or appended) are recorded here.
     */
    Routed prepare(AddressState a, Message m, EngineConnection sender, StoreWork work, long expiryOverride,
                   TraceOrigin origin) {
        if (a.deleted) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, a + " was deleted; send to an existing address");
        }
        m.validate();
        Routed routed = new Routed();
        boolean tracing = origin.traced() || a.settings.tracing().active();
        if (a.kind == AddressKind.STREAM) {
            long id = tracing ? engine.nextMessageId() : 0;
            boolean traced = tracing && traced(a, m, id, origin, sender);
            routed.append = a.stream.append(m, traced ? id : 0, work::batch);
            if (traced) {
                engine.tracer().event(id, MessageTrace.APPENDED, a.name, Tracer.details("partition",
                        (long) routed.append.partition(), "offset", routed.append.offset()));
                tracedStore(routed, id, a, a.stream.persistent());
            }
            return routed;
        }
        if (a.kind == AddressKind.QUEUE) {
            routed.queues.add(a.queue);
        } else {
            for (MessageQueue s : a.subscriptions) {
                if (s.subscription.wants(m, sender, engine)) {
                    routed.queues.add(s);
                }
            }
            if (routed.queues.isEmpty()) {
                long id = tracing ? engine.nextMessageId() : 0;
                if (tracing && traced(a, m, id, origin, sender)) {
                    engine.tracer().event(id, MessageTrace.ROUTED, a.name, Tracer.details("dropped", "no route"));
                }
                return routed;
            }
        }
        long arrival = engine.now();
        long id = engine.nextMessageId();
        boolean traced = tracing && traced(a, m, id, origin, sender);
        long deliveryTime = m.deliveryTime(arrival);
        long expiry = expiryOverride >= 0 ? expiryOverride : expiryOf(m, arrival);
        boolean durable = engine.persistent() && m.durable();
        boolean stored = false;
        for (MessageQueue q : routed.queues) {
            boolean persisted = durable && q.persistent;
            QueueEntry e = new QueueEntry(id, m, 0, deliveryTime, expiry, persisted);
            e.traced = traced;
            routed.entries.add(e);
            if (persisted) {
                if (!stored) {
                    work.batch().addMessage(id, m.encoded());
                    stored = true;
                }
                work.batch().addReference(q.name, e.toStoredReference());
            }
        }
        if (traced) {
            engine.tracer().event(id, MessageTrace.ROUTED, a.name, Tracer.details("queues",
                    routed.queues.stream().map(q -> q.name).toList()));
            tracedStore(routed, id, a, stored);
        }
        return routed;
    }

    /** Decides whether {@code m} is traced on {@code a} and, if it is, records its received event. */
    private boolean traced(AddressState a, Message m, long id, TraceOrigin origin, EngineConnection sender) {
        if (!origin.traced() && !Tracer.sampled(a.settings.tracing(), m, id)) {
            return false;
        }
        engine.tracer().received(id, a.name, m, Tracer.details("via", origin.via(), "from", origin.from(),
                "fromBrokerId", origin.from() == null ? null : origin.fromBrokerId(),
                "connection", sender == null ? null : sender.id(),
                "user", sender == null ? null : sender.info().user()));
        return true;
    }

    private void tracedStore(Routed routed, long id, AddressState a, boolean stored) {
        if (stored) {
            routed.tracer = engine.tracer();
            routed.tracedId = id;
            routed.address = a.name;
        }
    }

    private static long expiryOf(Message m, long arrival) {
        long absolute = m.absoluteExpiryTime();
        if (absolute > 0) {
            return absolute;
        }
        long ttl = m.ttl();
        return ttl > 0 ? arrival + ttl : 0;
    }

    /** Store writes, dead letters and expiries a queue operation left for after its lock. */
    void afterQueueWork(MessageQueue q, AfterLock work) {
        if (work.unstored != null || work.recounted != null) {
            StoreWork sw = engine.storeWork();
            if (work.unstored != null) {
                work.unstored.forEach(e -> sw.batch().removeReference(q.name, e.messageId));
            }
            if (work.recounted != null) {
                work.recounted.forEach(e -> sw.batch().updateDeliveryCount(q.name, e.messageId, e.deliveryCount));
            }
            engine.commitInBackground(sw, "settlements on " + q);
        }
        if (work.deadLetters != null) {
            move(q, work.deadLetters, q.settings().deadLetterAddressFor(q.address.name), false);
        }
        if (work.expired != null) {
            move(q, work.expired, q.settings().expiryAddress(), true);
        }
    }

    /**
     * An operator moves entries taken out of {@code from} ({@link QueueOperations#take}) to {@code target}: their
     * references there go and the messages are routed to the target in one store batch. Each message keeps its
     * bytes (the original address annotation included); its delivery count starts again. With a null target the
     * entries are only removed.
     */
    CompletionStage<Void> relocate(MessageQueue from, List<QueueEntry> entries, AddressState target, String via) {
        StoreWork work = engine.storeWork();
        List<Routed> moved = new ArrayList<>();
        for (QueueEntry e : entries) {
            if (e.persisted) {
                work.batch().removeReference(from.name, e.messageId);
            }
            if (target != null) {
                engine.tracer().event(from, e, MessageTrace.MOVED, "to", target.name, "via", via);
                moved.add(prepare(target, e.message, null, work, e.expiryTime, TraceOrigin.moved(via, from, e)));
            } else {
                engine.tracer().event(from, e, MessageTrace.REMOVED, "by", "operator");
            }
        }
        if (work.isEmpty()) {
            moved.forEach(Routed::enqueue);
            return StoreWork.DONE;
        }
        return work.commit().handle((ok, failure) -> {
            if (failure != null) {
                moved.forEach(Routed::abandon);
                throw storeFailure(entries.size() + " message(s) moved from " + from, failure);
            }
            moved.forEach(Routed::enqueue);
            return null;
        });
    }

    /** Moves entries that left {@code from} to {@code target} (or drops them when it is null), in one batch. */
    private void move(MessageQueue from, List<QueueEntry> entries, String target, boolean expiry) {
        StoreWork work = engine.storeWork();
        List<Routed> moved = new ArrayList<>();
        for (QueueEntry e : entries) {
            if (e.persisted) {
                work.batch().removeReference(from.name, e.messageId);
            }
            if (target == null || target.isEmpty()) {
                LOG.debug("{}: dropped {} ({})", from, e, expiry ? "expired" : "dead letter");
                continue;
            }
            try {
                Message m = e.message;
                if (m.messageAnnotation(JmsMapping.ORIGINAL_ADDRESS) == null) {
                    m = m.withMessageAnnotations(Map.of(JmsMapping.ORIGINAL_ADDRESS, from.address.name));
                }
                moved.add(prepare(engine.registry().internal(target), m, null, work, expiry ? 0 : e.expiryTime,
                        TraceOrigin.moved(expiry ? "expiry" : "dead-letter", from, e)));
            } catch (BrokerException failure) {
                LOG.warn("{}: could not move {} to '{}', dropped it: {}", from, e, target, failure.getMessage());
            }
        }
        work.commit().whenComplete((ok, failure) -> {
            if (failure != null) {
                engine.backgroundFailure("move " + entries.size() + " message(s) from " + from + " to '" + target
                        + "'", failure);
                moved.forEach(Routed::abandon);
            } else {
                moved.forEach(Routed::enqueue);
            }
        });
    }
}
