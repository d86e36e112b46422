package io.tributary.core.stream;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.ClientText;
import io.tributary.core.DeliverySink;
import io.tributary.core.StreamOffset;
import io.tributary.core.StreamStatus;
import io.tributary.core.StreamStatus.GroupStatus;
import io.tributary.core.StreamStatus.PartitionStatus;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.selector.Selector;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream address: {@code partitions} append-only logs, their readers and consumer groups, and
 * retention. A send appends to one partition (by the hash of the message's key, else round-robin);
 * reading never removes.
 *
 * <p>Retention (age, bytes, message count) deletes whole segments from the oldest, never the active one.
 * The byte and count limits are for the whole stream, split evenly over the partitions, and are upper
 * bounds: a partition deletes its oldest segment while it holds more than its share. Segments are sized
 * to an eighth of a partition's share (and roll after an eighth of the retention age), so a stream keeps
 * between seven eighths of the limit and the limit.
 *
 * <p>Design note: on a persistent store every appended message is stored, durable or not: the log is
 * the stream's state, and offsets must survive a restart. Such a stream keeps only its newest segments
 * in the heap (the address's memory budget split over the partitions, segments sized to a quarter of a
 * partition's share) and reads older ranges back from the store; a non-persistent stream keeps all.
 *
 * <p>Thread model: thread-safe. Each partition guards itself; opening, group changes and deletion take
 * this object's monitor; readers dispatch on their own serial executors.
 */
public final class StreamLog {

    private static final Logger LOG = LoggerFactory.getLogger(StreamLog.class);
    private static final int MAX_SEGMENT_ENTRIES = 4096;
    private static final long MAX_SEGMENT_BYTES = 8L * 1024 * 1024;

    final String name;
    final StreamHost host;
    final boolean persistent;
    final Partition[] partitions;
    final int segmentEntries;
    final long segmentBytes;
    final long segmentRollMillis;
    /** Heap bytes of messages a partition of a persistent stream keeps; older segments are paged out. */
    final long heapBudget;
    /** Failed deliveries of one entry to a group before the group gives up on it (0: never). */
    final int maxDeliveryAttempts;
    /** Segments read back from the store so far. */
    final AtomicLong pageIns = new AtomicLong();
    private final long retentionAgeMillis;
    private final long retentionBytes;
    private final long retentionEntries;
    private final String keyProperty;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Set<StreamConsumer> consumers = ConcurrentHashMap.newKeySet();
    final ConsumerGroups groups = new ConsumerGroups(this);
    private final Runnable retentionTick = this::enforceRetention;
    private volatile boolean deleted;

    private StreamLog(String name, AddressSettings settings, StreamHost host, boolean persistent) {
        this.name = name;
        this.host = host;
        this.persistent = persistent;
        int n = settings.partitions();
        this.partitions = new Partition[n];
        for (int p = 0; p < n; p++) {
            partitions[p] = new Partition(this, p);
        }
        this.keyProperty = settings.partitionKeyProperty();
        this.maxDeliveryAttempts = settings.maxDeliveryAttempts();
        this.retentionAgeMillis = settings.retentionAge() == null ? -1 : settings.retentionAge().toMillis();
        this.retentionBytes = settings.retentionBytes() == 0 ? 0 : Math.max(1, settings.retentionBytes() / n);
        this.retentionEntries = settings.retentionMessages() == 0 ? 0
                : Math.max(1, settings.retentionMessages() / n);
        this.segmentEntries = (int) (retentionEntries == 0 ? MAX_SEGMENT_ENTRIES
                : Math.min(MAX_SEGMENT_ENTRIES, Math.max(1, retentionEntries / 8)));
        this.heapBudget = Math.max(1, settings.memoryBudgetBytes() / n);
        long byRetention = retentionBytes == 0 ? MAX_SEGMENT_BYTES
                : Math.min(MAX_SEGMENT_BYTES, Math.max(1, retentionBytes / 8));
        this.segmentBytes = persistent ? Math.min(byRetention, Math.max(1, heapBudget / 4)) : byRetention;
        this.segmentRollMillis = retentionAgeMillis <= 0 ? 0 : Math.max(1, retentionAgeMillis / 8);
    }

    /**
     * Opens the stream {@code name}; a persistent one first recovers its entries and committed offsets
     * from the host's store.
     */
    public static StreamLog open(String name, AddressSettings settings, StreamHost host, boolean persistent) {
        StreamLog s = new StreamLog(name, settings, host, persistent);
        if (persistent) {
            StreamRecovery.recover(s, s.groups.storedOffsets);
        }
        if (s.retentionAgeMillis >= 0) {
            host.everyTick(s.retentionTick);
        }
        return s;
    }

    /**
     * At the start: the entry at {@code offset} of {@code partition}, appended at or before {@code appendedBy}, is
     * traced under {@code traceId} (the appended event of its trace says so), so that its reads are traced again.
     * Answers whether the log still holds that entry.
     */
    public boolean restoreTraceId(int partition, long offset, long traceId, long appendedBy) {
        return partition >= 0 && partition < partitions.length
                && partitions[partition].restoreTraceId(offset, traceId, appendedBy);
    }

    /**
     * The trace id of the entry at {@code pos} (the broker id its trace is recorded under), or 0 when it is not
     * traced: one field read when its partition never held a traced entry.
     */
    long traceId(StreamPosition pos) {
        Partition part = partitions[pos.partition()];
        return part.traced ? part.traceId(pos.offset()) : 0;
    }

    long[] filled(long value) {
        long[] a = new long[partitions.length];
        Arrays.fill(a, value);
        return a;
    }

    // ---------------------------------------------------------------- append

    /** An append whose store batch has not committed yet. */
    public static final class PendingAppend {
        private final Partition partition;
        private final Partition.Slot slot;

        private PendingAppend(Partition partition, Partition.Slot slot) {
            this.partition = partition;
            this.slot = slot;
        }

        public int partition() {
            return partition.id;
        }

        public long offset() {
            return slot.offset;
        }

        /** The batch committed (or nothing was stored): the entry becomes readable in offset order. */
        public void publish() {
            partition.complete(slot, true);
        }

        /** The batch failed or was given up: the offset stays a hole that readers skip. */
        public void abandon() {
            partition.complete(slot, false);
        }
    }

    /**
     * Appends {@code m} to its partition, writing it into {@code batch} when this stream is persistent.
     * The entry becomes readable on {@link PendingAppend#publish()}. A traced message gives the broker id its trace
     * is recorded under as {@code traceId} (0: not traced): its reads and group settlements are then traced too.
     */
    public PendingAppend append(Message m, long traceId, Supplier<StoreBatch> batch) {
        if (deleted) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "stream " + name
                    + " was deleted; send to an existing address");
        }
        Partition p = partitions[partitionOf(m)];
        return new PendingAppend(p, p.append(m, host.clock().millis(), persistent ? batch : null, traceId));
    }

    /**
     * The partition of {@code m}: the hash of its key (JMSXGroupID, else the configured key property, else
     * the {@code x-opt-partition-key} annotation), else the next one in turn.
     */
    int partitionOf(Message m) {
        int n = partitions.length;
        if (n == 1) {
            return 0;
        }
        Object key = m.groupId();
        if (key == null && keyProperty != null) {
            key = m.applicationProperty(keyProperty);
        }
        if (key == null) {
            key = m.messageAnnotation(JmsMapping.PARTITION_KEY);
        }
        if (key == null) {
            return Math.floorMod(roundRobin.getAndIncrement(), n);
        }
        int h = key.toString().hashCode() * 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), n);
    }

    /** After a partition published appends: retention by count and bytes (and age) right away. */
    void afterAppend(Partition p) {
        if (retentionEntries > 0 || retentionBytes > 0 || retentionAgeMillis >= 0) {
            truncate(p);
        }
    }

    // ---------------------------------------------------------------- retention

    /** True when retention deletes {@code s}, the oldest segment of a partition holding {@code bytes} and
     * {@code entries} in all. */
    boolean expired(Segment s, long now, long bytes, long entries) {
        return (retentionAgeMillis >= 0 && s.lastTimestamp() < now - retentionAgeMillis)
                || (retentionBytes > 0 && bytes > retentionBytes)
                || (retentionEntries > 0 && entries > retentionEntries);
    }

    /** Applies retention to every partition (the timer calls this for age retention). */
    public void enforceRetention() {
        for (Partition p : partitions) {
            truncate(p);
        }
    }

    private void truncate(Partition p) {
        long start = p.enforceRetention(host.clock().millis());
        if (start < 0) {
            return;
        }
        LOG.debug("stream {} partition {}: retention moved the log start to {}", name, p.id, start);
        if (persistent && !deleted) {
            StoreBatch b = host.store().batch();
            b.truncateStream(name, p.id, start);
            b.commit().whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warn("stream {} partition {}: store failed deleting entries below {}; retried at the next"
                            + " retention", name, p.id, start, failure);
                }
            });
        }
    }

    // ---------------------------------------------------------------- readers

    /**
     * Opens a reader. A durable subscription is a member of the consumer group named by the subscription
     * (with the client id for a non-shared one); a shared non-durable subscription is a group kept in the
     * heap only while it has members; anything else is a plain reader starting at
     * {@code spec.streamOffset()} ({@code next} when null).
     *
     * <p>A group with no committed offset starts at the first member's {@code streamOffset} ({@code next}
     * when null, as for plain readers), and that start is stored at once, so a restart does not move it.
     *
     * @param connectionId the reading connection's id, named in the message trace
     * @param transactions holds settlements made in a transaction until it ends
     * @param onClose      run once when the reader closes
     */
    public Consumer openConsumer(ConsumerSpec spec, String clientId, String connectionId, Selector selector,
                                 DeliverySink sink, StreamTransactions transactions, Runnable onClose) {
        boolean preSettled = spec.preSettled() || spec.browse();
        StreamConsumer c;
        ConsumerGroup group = null;
        synchronized (this) {
            if (deleted) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "stream " + name
                        + " was deleted; open the consumer on an existing address");
            }
            if (spec.durable() || (spec.shared() && spec.subscriptionName() != null)) {
                group = groups.group(spec, clientId);
                c = group.join(spec.shared(), sink, preSettled, selector, onClose);
            } else {
                c = new PlainReader(this, sink, preSettled, selector, StreamStart.resolve(this, spec.streamOffset()),
                        onClose);
            }
            c.transactions = transactions;
            c.connection = connectionId;
            consumers.add(c);
        }
        for (Partition p : partitions) {
            p.listen(c);
        }
        if (group != null) {
            group.flush();
            group.members().forEach(GroupMember::requestDispatch);
        }
        return c;
    }

    /**
     * Deletes the consumer group of durable subscription {@code subscription} (shared, or of {@code clientId})
     * with its committed offsets.
     *
     * @return false when this stream has no such group
     * @throws BrokerException IN_USE when the group still has members
     */
    public boolean unsubscribe(String clientId, String subscription) {
        return groups.unsubscribe(clientId, subscription);
    }

    /** A reader closed: it no longer listens for appends. */
    void detach(StreamConsumer c) {
        consumers.remove(c);
        for (Partition p : partitions) {
            p.unlisten(c);
        }
    }

    // ---------------------------------------------------------------- management

    boolean deleted() {
        return deleted;
    }

    /** Readable entries over all partitions (log length). */
    public long messageCount() {
        long n = 0;
        for (Partition p : partitions) {
            n += p.size();
        }
        return n;
    }

    public int consumerCount() {
        return consumers.size();
    }

    /** The stream keeps its entries in the store (and only its newest segments in the heap). */
    public boolean persistent() {
        return persistent;
    }

    public int partitionCount() {
        return partitions.length;
    }

    /** A snapshot for operators: every partition's offsets and size, every consumer group's position and lag. */
    public StreamStatus status(AddressSettings settings) {
        int n = partitions.length;
        long[] starts = new long[n];
        long[] ends = new long[n];
        List<PartitionStatus> out = new ArrayList<>(n);
        for (Partition p : partitions) {
            ends[p.id] = p.end();
            starts[p.id] = Math.min(p.start(), ends[p.id]);
            out.add(new PartitionStatus(p.id, starts[p.id], ends[p.id] - 1, ends[p.id] - starts[p.id], p.bytes()));
        }
        return new StreamStatus(name, out, groups.statuses(starts, ends), settings);
    }

    /**
     * Resets consumer group {@code group} in every partition: {@code first} (the log start), {@code next} (the end:
     * only messages appended from now on), {@code last} (the last message), an offset (clamped to the log: below
     * the start it is the start, beyond the end the end) or a timestamp (the first message appended at or after
     * it, else the end). The new offsets are stored like an acknowledgement's, so a restart keeps them.
     *
     * @return a stage with the group's position once the new offsets are stored
     * @throws BrokerException NOT_FOUND for an unknown group or a deleted stream, IN_USE while the group has
     *                         consumers
     */
    public CompletionStage<GroupStatus> resetGroup(String group, StreamOffset to) {
        if (deleted) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "stream " + name + " was deleted");
        }
        return groups.reset(group, to).thenApply(x -> status(null).groups().stream()
                .filter(g -> g.name().equals(group)).findFirst()
                .orElseThrow(() -> new BrokerException(BrokerException.Kind.NOT_FOUND, "consumer group '"
                        + ClientText.safe(group) + "' of stream " + name + " was deleted during its reset")));
    }

    /**
     * Deletes the stream: closes its readers with {@code cause} and, when {@code batch} is given and the
     * stream is persistent, deletes its entries and offsets in that batch.
     */
    public void delete(BrokerException cause, StoreBatch batch) {
        synchronized (this) {
            deleted = true;
        }
        stop(cause);
        for (Partition p : partitions) {
            p.releaseHeap();
        }
        if (persistent && batch != null) {
            batch.deleteStream(name);
        }
    }

    /** Engine stop or delete: closes every reader with {@code cause}; the store is left alone. */
    public void stop(BrokerException cause) {
        host.cancelTick(retentionTick);
        List<StreamConsumer> open;
        synchronized (this) {
            open = new ArrayList<>(consumers);
        }
        open.forEach(c -> c.closeBy(cause));
    }

    /** Stores the consumer groups' changed offsets; completes once none is in flight (before the store closes). */
    public CompletableFuture<Void> flushOffsets() {
        return groups.flushed();
    }

    @Override
    public String toString() {
        return "stream " + name;
    }
}
