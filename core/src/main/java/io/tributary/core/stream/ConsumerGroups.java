package io.tributary.core.stream;

import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer groups of one stream: durable ones by subscription (with their committed offsets as
 * recovered from the store until a member opens them) and shared non-durable ones while they have members.
 *
 * <p>Thread model: guarded by this object's monitor. Lock order: the stream, this, a group.
 */
final class ConsumerGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroups.class);
    /** Key prefix of shared non-durable subscriptions: groups that live while they have members. */
    private static final String NON_DURABLE = "~shared:";

    private final StreamLog stream;
    private final Map<String, ConsumerGroup> groups = new HashMap<>();
    /** Committed offsets from the store of groups no member has opened yet (-1: none for a partition). */
    final Map<String, long[]> storedOffsets = new HashMap<>();

    ConsumerGroups(StreamLog stream) {
        this.stream = stream;
    }

    /** The group key: the name (shared), client id and name (not shared); a non-durable one is marked. */
    static String groupName(ConsumerSpec spec, String clientId) {
        if (!spec.durable()) {
            return NON_DURABLE + spec.subscriptionName();
        }
        return spec.shared() || clientId == null ? spec.subscriptionName() : clientId + ":" + spec.subscriptionName();
    }

    /** The group {@code spec} names, created from its stored offsets or the spec's start. */
    synchronized ConsumerGroup group(ConsumerSpec spec, String clientId) {
        String key = groupName(spec, clientId);
        ConsumerGroup g = groups.get(key);
        if (g != null) {
            return g;
        }
        long[] stored = spec.durable() ? storedOffsets.remove(key) : null;
        long[] start = stored == null ? null : stored.clone();
        boolean storeNow = stored == null;
        for (int p = 0; p < stream.partitions.length; p++) {
            if (start == null || start[p] < 0) {
                long from = StreamStart.resolve(stream.partitions[p], spec.streamOffset() == null
                        ? StreamOffset.NEXT : spec.streamOffset());
                if (start == null) {
                    start = stream.filled(-1);
                }
                start[p] = from;
                storeNow = true;
            }
        }
        g = new ConsumerGroup(stream, key, start, spec.durable(), storeNow);
        groups.put(key, g);
        return g;
    }

    /**
     * Deletes the consumer group of durable subscription {@code subscription} (shared, or of {@code clientId}) with
     * its committed offsets.
     *
     * @return false when this stream has no such group
     * @throws BrokerException IN_USE when the group still has members
     */
    boolean unsubscribe(String clientId, String subscription) {
        List<String> keys = clientId == null ? List.of(subscription)
                : List.of(clientId + ":" + subscription, subscription);
        String key;
        synchronized (this) {
            key = keys.stream().filter(k -> groups.containsKey(k) || storedOffsets.containsKey(k)).findFirst()
                    .orElse(null);
            if (key == null) {
                return false;
            }
            ConsumerGroup g = groups.get(key);
            int members = g == null ? 0 : g.memberCount();
            if (members > 0) {
                throw new BrokerException(BrokerException.Kind.IN_USE, "consumer group '" + key + "' of stream "
                        + stream.name + " has " + members + " member(s); close them before unsubscribing");
            }
            groups.remove(key);
            storedOffsets.remove(key);
        }
        if (stream.persistent) {
            StoreBatch b = stream.host.store().batch();
            b.deleteStreamGroup(stream.name, key);
            b.commit().whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("stream {}: store failed deleting group {}", stream.name, key, failure);
                }
            });
        }
        return true;
    }

    /** A non-durable group lost its last member: it ends. */
    /** Stores every group's changed offsets; completes once none is in flight. */
    CompletableFuture<Void> flushed() {
        List<ConsumerGroup> all;
        synchronized (this) {
            all = List.copyOf(groups.values());
        }
        return CompletableFuture.allOf(all.stream().map(ConsumerGroup::flushed).toArray(CompletableFuture[]::new));
    }

    synchronized void drop(ConsumerGroup g) {
        if (g.memberCount() == 0) {
            groups.remove(g.name, g);
        }
    }
}
