package io.tributary.core.stream;

import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import io.tributary.core.StreamStatus.GroupPartition;
import io.tributary.core.StreamStatus.GroupStatus;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    /**
     * Every group's position, by name, against one snapshot of the partitions' log starts and ends (the offset after
     * the last readable one).
     */
    synchronized List<GroupStatus> statuses(long[] starts, long[] ends) {
        List<GroupStatus> out = new ArrayList<>();
        groups.forEach((key, g) -> out.add(status(key, g.memberCount(), g.committed(), starts, ends)));
        storedOffsets.forEach((key, committed) -> out.add(status(key, 0, committed, starts, ends)));
        out.sort(Comparator.comparing(GroupStatus::name));
        return out;
    }

    private static GroupStatus status(String key, int consumers, long[] committed, long[] starts, long[] ends) {
        List<GroupPartition> partitions = new ArrayList<>(committed.length);
        for (int p = 0; p < committed.length; p++) {
            long from = Math.max(committed[p], starts[p]);
            partitions.add(new GroupPartition(p, committed[p], ends[p] - 1, Math.max(0, ends[p] - from)));
        }
        return new GroupStatus(key, consumers, partitions);
    }

    /**
     * Moves the committed offsets of group {@code key} in every partition to where {@code to} points there
     * ({@link StreamStart#resetTarget}). A group known only from the store becomes one in the heap with the new
     * offsets.
     *
     * @return a stage that completes once the new offsets are stored (at once on a stream that is not persistent)
     * @throws BrokerException NOT_FOUND when the stream has no such group, IN_USE while it has members
     */
    CompletableFuture<Void> reset(String key, StreamOffset to) {
        ConsumerGroup g;
        long[] offsets = new long[stream.partitions.length];
        synchronized (this) {
            g = groups.get(key);
            if (g == null && !storedOffsets.containsKey(key)) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "stream " + stream.name + " has no consumer"
                        + " group '" + ClientText.safe(key) + "'; list the stream's groups for their names");
            }
            for (Partition p : stream.partitions) {
                offsets[p.id] = StreamStart.resetTarget(p, to);
            }
            if (g == null) {
                storedOffsets.remove(key);
                g = new ConsumerGroup(stream, key, offsets, true, true);
                groups.put(key, g);
            } else {
                g.reset(offsets);
            }
        }
        LOG.info("stream {} group {}: committed offsets reset to {} ({})", stream.name, ClientText.safe(key),
                Arrays.toString(offsets), to.kind());
        return g.storeReset();
    }

    /** Stores every group's changed offsets; completes once none is in flight. */
    CompletableFuture<Void> flushed() {
        List<ConsumerGroup> all;
        synchronized (this) {
            all = List.copyOf(groups.values());
        }
        return CompletableFuture.allOf(all.stream().map(ConsumerGroup::flushed).toArray(CompletableFuture[]::new));
    }

    /** A non-durable group lost its last member: it ends. */
    synchronized void drop(ConsumerGroup g) {
        if (g.memberCount() == 0) {
            groups.remove(g.name, g);
        }
    }
}
