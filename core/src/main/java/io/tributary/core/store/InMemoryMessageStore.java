package io.tributary.core.store;

import io.tributary.core.BrokerException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store that keeps everything in the heap: committed state lives as long as this object. Used for
 * non-persistent runs and as the reference implementation of the store contract.
 *
 * <p>Thread-safe: every committed batch is applied under the store's monitor.
 */
public final class InMemoryMessageStore implements MessageStore {

    private final Map<String, AddressRecord> addresses = new LinkedHashMap<>();
    private final Map<String, QueueRecord> queues = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, StoredReference>> references = new HashMap<>();
    private final Map<Long, byte[]> messages = new HashMap<>();
    private final Map<Long, Integer> refCounts = new HashMap<>();
    private final Set<Long> orphans = new HashSet<>();
    private final InMemoryStreams streams = new InMemoryStreams();
    private final InMemoryTrace trace = new InMemoryTrace();
    /** Duplicate ids by address, each id with its sequence. */
    private final Map<String, Map<String, Long>> duplicateIds = new HashMap<>();
    private long maxMessageId;
    private boolean closed;

    @Override
    public void start() {
        // nothing to open
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public StoreBatch batch() {
        return new Batch();
    }

    @Override
    public synchronized long maxMessageId() {
        requireOpen();
        return maxMessageId;
    }

    @Override
    public synchronized List<AddressRecord> loadAddresses() {
        requireOpen();
        return List.copyOf(addresses.values());
    }

    @Override
    public synchronized List<DuplicateIdRecord> loadDuplicateIds(String address) {
        requireOpen();
        return duplicateIds.getOrDefault(address, Map.of()).entrySet().stream()
                .map(e -> new DuplicateIdRecord(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(DuplicateIdRecord::sequence)).toList();
    }

    @Override
    public synchronized List<QueueRecord> loadQueues() {
        requireOpen();
        return List.copyOf(queues.values());
    }

    @Override
    public synchronized List<StoredReference> loadReferences(String queue, long afterMessageId, int limit) {
        requireOpen();
        TreeMap<Long, StoredReference> refs = references.get(queue);
        List<StoredReference> out = new ArrayList<>();
        if (refs == null) {
            return out;
        }
        for (StoredReference r : refs.tailMap(afterMessageId, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new StoredReference(r.messageId(), messages.get(r.messageId()), r.priority(), r.deliveryCount(),
                    r.deliveryTime(), r.expiryTime(), r.groupId()));
        }
        return out;
    }

    @Override
    public synchronized long[] loadReferenceIds(String queue, long afterMessageId, int limit) {
        requireOpen();
        TreeMap<Long, StoredReference> refs = references.get(queue);
        return refs == null ? new long[0]
                : refs.tailMap(afterMessageId, false).keySet().stream().limit(limit).mapToLong(Long::longValue)
                        .toArray();
    }

    @Override
    public synchronized long countReferences(String queue) {
        requireOpen();
        TreeMap<Long, StoredReference> refs = references.get(queue);
        return refs == null ? 0 : refs.size();
    }

    @Override
    public synchronized List<StreamPartitionRecord> loadStreamPartitions(String stream) {
        requireOpen();
        return streams.partitions(stream);
    }

    @Override
    public synchronized List<StreamEntryRecord> loadStreamEntries(String stream, int partition, long fromOffset,
                                                                  int limit) {
        requireOpen();
        return streams.entries(stream, partition, fromOffset, limit);
    }

    @Override
    public synchronized List<StreamOffsetRecord> loadStreamOffsets(String stream) {
        requireOpen();
        return streams.offsets(stream);
    }

    @Override
    public synchronized long maxTraceEventId() {
        requireOpen();
        return trace.maxId();
    }

    @Override
    public synchronized List<TraceEventRecord> findTrace(TraceQuery query, int maxTraces) {
        requireOpen();
        return trace.find(query, maxTraces);
    }

    @Override
    public synchronized List<TraceEventRecord> loadTraceEvents(String address, String type) {
        requireOpen();
        return trace.ofType(address, type);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private synchronized void apply(List<Runnable> ops, Set<Long> added, Set<Long> referenced) {
        requireOpen();
        for (long id : referenced) {
            if (!added.contains(id) && !messages.containsKey(id)) {
                throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "store batch adds a reference to message "
                        + id + " which is not stored; add the message in the same or an earlier batch");
            }
        }
        ops.forEach(Runnable::run);
        // Messages go only after the whole batch ran, so a batch may move a message from one queue to another.
        for (long id : orphans) {
            if (!refCounts.containsKey(id)) {
                messages.remove(id);
            }
        }
        orphans.clear();
    }

    private void requireOpen() {
        if (closed) {
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "in-memory store is closed");
        }
    }

    private void dropReference(String queue, long messageId) {
        TreeMap<Long, StoredReference> refs = references.get(queue);
        if (refs != null && refs.remove(messageId) != null) {
            release(messageId);
        }
    }

    private void release(long messageId) {
        Integer n = refCounts.get(messageId);
        if (n == null || n <= 1) {
            refCounts.remove(messageId);
            orphans.add(messageId);
        } else {
            refCounts.put(messageId, n - 1);
        }
    }

    /** Collects operations; applies them atomically on commit. Not thread-safe. */
    private final class Batch implements StoreBatch {
        private final List<Runnable> ops = new ArrayList<>();
        private final Set<Long> added = new HashSet<>();
        private final Set<Long> referenced = new HashSet<>();

        @Override
        public StoreBatch saveAddress(AddressRecord address) {
            ops.add(() -> addresses.put(address.name(), address));
            return this;
        }

        @Override
        public StoreBatch deleteAddress(String name) {
            ops.add(() -> {
                addresses.remove(name);
                duplicateIds.remove(name);
            });
            return this;
        }

        @Override
        public StoreBatch saveQueue(QueueRecord queue) {
            ops.add(() -> queues.put(queue.name(), queue));
            return this;
        }

        @Override
        public StoreBatch deleteQueue(String name) {
            ops.add(() -> {
                queues.remove(name);
                TreeMap<Long, StoredReference> refs = references.remove(name);
                if (refs != null) {
                    refs.keySet().forEach(InMemoryMessageStore.this::release);
                }
            });
            return this;
        }

        @Override
        public StoreBatch addMessage(long messageId, byte[] encoded) {
            added.add(messageId);
            ops.add(() -> {
                messages.put(messageId, encoded);
                maxMessageId = Math.max(maxMessageId, messageId);
            });
            return this;
        }

        @Override
        public StoreBatch addReference(String queue, StoredReference reference) {
            StoredReference stripped = new StoredReference(reference.messageId(), null, reference.priority(),
                    reference.deliveryCount(), reference.deliveryTime(), reference.expiryTime(), reference.groupId());
            referenced.add(reference.messageId());
            ops.add(() -> {
                if (references.computeIfAbsent(queue, q -> new TreeMap<>()).put(stripped.messageId(), stripped)
                        == null) {
                    refCounts.merge(stripped.messageId(), 1, Integer::sum);
                }
            });
            return this;
        }

        @Override
        public StoreBatch removeReference(String queue, long messageId) {
            ops.add(() -> dropReference(queue, messageId));
            return this;
        }

        @Override
        public StoreBatch updateDeliveryCount(String queue, long messageId, int deliveryCount) {
            ops.add(() -> {
                TreeMap<Long, StoredReference> refs = references.get(queue);
                StoredReference r = refs == null ? null : refs.get(messageId);
                if (r != null) {
                    refs.put(messageId, new StoredReference(messageId, null, r.priority(), deliveryCount,
                            r.deliveryTime(), r.expiryTime(), r.groupId()));
                }
            });
            return this;
        }

        @Override
        public StoreBatch addDuplicateId(String address, String id, long sequence) {
            ops.add(() -> duplicateIds.computeIfAbsent(address, a -> new HashMap<>()).put(id, sequence));
            return this;
        }

        @Override
        public StoreBatch addTraceEvents(List<TraceEventRecord> events) {
            List<TraceEventRecord> copy = List.copyOf(events);
            ops.add(() -> trace.add(copy));
            return this;
        }

        @Override
        public StoreBatch pruneTrace(long olderThan, long upToId) {
            ops.add(() -> trace.prune(olderThan, upToId));
            return this;
        }

        @Override
        public StoreBatch removeDuplicateId(String address, String id) {
            ops.add(() -> {
                Map<String, Long> ids = duplicateIds.get(address);
                if (ids != null && ids.remove(id) != null && ids.isEmpty()) {
                    duplicateIds.remove(address);
                }
            });
            return this;
        }

        @Override
        public StoreBatch appendStreamEntry(String stream, int partition, long offset, long timestamp,
                                            byte[] encoded) {
            ops.add(() -> streams.append(stream, partition, offset, timestamp, encoded));
            return this;
        }

        @Override
        public StoreBatch truncateStream(String stream, int partition, long logStart) {
            ops.add(() -> streams.truncate(stream, partition, logStart));
            return this;
        }

        @Override
        public StoreBatch saveStreamOffset(String stream, String group, int partition, long offset) {
            ops.add(() -> streams.saveOffset(stream, group, partition, offset));
            return this;
        }

        @Override
        public StoreBatch deleteStreamGroup(String stream, String group) {
            ops.add(() -> streams.deleteGroup(stream, group));
            return this;
        }

        @Override
        public StoreBatch deleteStream(String stream) {
            ops.add(() -> streams.deleteStream(stream));
            return this;
        }

        @Override
        public boolean isEmpty() {
            return ops.isEmpty();
        }

        @Override
        public CompletionStage<Void> commit() {
            try {
                apply(ops, added, referenced);
                return CompletableFuture.completedFuture(null);
            } catch (BrokerException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
