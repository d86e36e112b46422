package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConfig;
import io.tributary.core.MessageTrace;
import io.tributary.core.config.AddressKeys;
import io.tributary.core.message.Message;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.store.StoredReference;
import io.tributary.core.store.TraceEventRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine from a persistent store at start: addresses, queues and durable subscriptions,
 * then every queue's references in pages. A message referenced by several queues becomes one
 * {@link Message} object again.
 *
 * <p>Not thread-safe: runs once, on the starting thread, before the engine is handed out.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int PAGE = 1000;
    /** Ids read at a time for the part of a queue that stays paged out. */
    private static final int ID_PAGE = 10_000;
    /** Messages remembered for sharing between subscription queues; beyond this a copy per queue is made. */
    private static final int SHARED_LIMIT = 10_000;

    private final BrokerEngine engine;
    private final Map<Long, Message> messages = new HashMap<>();

    Recovery(BrokerEngine engine) {
        this.engine = engine;
    }

    /**
     * Logs, for each address the configuration declares, the settings whose stored values (changed at run time, or
     * set by an earlier configuration) its values replace at this start: one line per address, naming each.
     */
    static void reportConfiguredSettings(List<AddressRecord> stored, Map<String, BrokerConfig.Declared> declared) {
        for (AddressRecord r : stored) {
            BrokerConfig.Declared d = declared.get(r.name());
            if (d == null || d.kind() != r.kind()) {
                continue;
            }
            Map<String, String> was = AddressKeys.write(r.settings());
            Map<String, String> now = AddressKeys.write(d.settings());
            List<String> replaced = AddressKeys.changed(r.settings(), d.settings()).stream()
                    .map(k -> k + "=" + now.getOrDefault(k, "(none)") + " (stored: " + was.getOrDefault(k, "(none)")
                            + ")").toList();
            if (!replaced.isEmpty()) {
                LOG.warn("address {}: the configuration's settings replace the stored ones changed at run time or by "
                        + "an earlier configuration: {}; put a run-time change in the configuration to keep it",
                        r.name(), String.join(", ", replaced));
            }
        }
    }

    /** Recovers from the store, the addresses {@code stored} included (the configured ones are declared already). */
    void run(List<AddressRecord> stored) {
        AddressRegistry registry = engine.registry();
        for (AddressRecord r : stored) {
            if (registry.get(r.name()) == null) {
                registry.create(r.name(), r.kind(), r.settings(), false, null, false);
            }
        }
        loadDuplicateIds(registry);
        long references = 0;
        for (QueueRecord r : engine.store().loadQueues()) {
            MessageQueue q = queueFor(r);
            if (q == null) {
                LOG.warn("stored queue {} of address {} has no matching address; its messages stay in the store",
                        r.name(), r.address());
                continue;
            }
            references += load(q, r.subscriptionName() != null);
            if (r.subscriptionName() == null) {
                messages.clear();
            }
        }
        LOG.info("recovered {} message reference(s)", references);
        messages.clear();
        for (AddressState a : registry.all()) {
            if (a.kind == AddressKind.STREAM && a.stream != null) {
                restoreStreamTraces(a);
            }
        }
    }

    /**
     * The entries of stream {@code a} whose trace is still kept are traced again: the trace ids of a stream's entries
     * live in the heap, and the appended event of each trace (its broker id, partition, offset) says where they go.
     *
     * <p>Design note: the trace table already holds what the stream entry table would need a column and a schema
     * version for, and exactly for the entries whose trace is still there to be read (retention deletes a trace's
     * received event no later than its appended event). An entry appended after the event's time is another one at
     * the same offset (the stream was deleted and made again) and stays untraced.
     */
    private void restoreStreamTraces(AddressState a) {
        int restored = 0;
        for (TraceEventRecord e : engine.store().loadTraceEvents(a.name, MessageTrace.APPENDED)) {
            Map<String, Object> d = TraceJson.read(e.details());
            if (d.get("partition") instanceof Long p && d.get("offset") instanceof Long o
                    && a.stream.restoreTraceId(p.intValue(), o, e.brokerId(), e.time())) {
                restored++;
            }
        }
        if (restored > 0) {
            LOG.info("{}: the reads of {} traced entr{} are traced again", a, restored,
                    restored == 1 ? "y" : "ies");
        }
    }

    /** Every address that detects duplicates remembers its stored ids again (a window made smaller drops some). */
    private void loadDuplicateIds(AddressRegistry registry) {
        StoreWork dropped = engine.storeWork();
        int addresses = 0;
        for (AddressState a : registry.all()) {
            if (a.duplicates != null) {
                a.duplicates.load(engine.store().loadDuplicateIds(a.name), dropped::batch);
                LOG.info("{}: remembers {} duplicate id(s)", a, a.duplicates.size());
                addresses++;
            }
        }
        if (addresses > 0) {
            engine.commitInBackground(dropped, "forget duplicate ids beyond the window");
        }
    }

    private MessageQueue queueFor(QueueRecord r) {
        AddressRegistry registry = engine.registry();
        AddressState a = registry.get(r.address());
        if (a == null) {
            a = registry.create(r.address(), r.subscriptionName() == null ? AddressKind.QUEUE : AddressKind.TOPIC,
                    engine.config().settingsFor(r.address()), false, null, false);
        }
        if (r.subscriptionName() == null) {
            return a.kind == AddressKind.QUEUE ? a.queue : null;
        }
        return a.kind == AddressKind.TOPIC ? registry.subscriptions().restore(a, r) : null;
    }

    /**
     * Loads the references of {@code q}. A message of a subscription queue is shared with the other
     * subscriptions that hold it (up to {@link #SHARED_LIMIT} remembered messages, so that a backlog the queue
     * pages out is not kept in the heap by recovery). Once the queue pages out, the rest of it is recovered by
     * id only: those messages would only be dropped again, and reading them made a start take as long as reading
     * the whole backlog.
     */
    private long load(MessageQueue q, boolean shared) {
        long after = 0;
        long count = 0;
        while (!q.pagingOut()) {
            List<StoredReference> page = engine.store().loadReferences(q.name, after, PAGE);
            for (StoredReference ref : page) {
                Message m = messages.get(ref.messageId());
                if (m == null) {
                    m = Message.wrap(ref.encoded());
                    if (shared && messages.size() < SHARED_LIMIT) {
                        messages.put(ref.messageId(), m);
                    }
                }
                QueueEntry e = new QueueEntry(ref.messageId(), m, ref.deliveryCount(), ref.deliveryTime(),
                        ref.expiryTime(), true);
                q.enqueue(Tracer.restored(q.settings(), e));
                after = ref.messageId();
                count++;
            }
            if (page.size() < PAGE) {
                return count;
            }
        }
        while (true) {
            long[] ids = engine.store().loadReferenceIds(q.name, after, ID_PAGE);
            q.enqueuePagedOut(ids);
            count += ids.length;
            if (ids.length < ID_PAGE) {
                return count;
            }
            after = ids[ids.length - 1];
        }
    }
}
