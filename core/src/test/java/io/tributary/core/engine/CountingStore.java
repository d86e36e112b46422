package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.DuplicateIdRecord;
import io.tributary.core.store.InMemoryMessageStore;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.store.StoredReference;
import io.tributary.core.store.TraceEventRecord;
import io.tributary.core.store.TraceQuery;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link InMemoryMessageStore} that says it is persistent (so the engine writes to it and recovers
 * from it; reuse the same instance across engines to simulate a restart) and counts writes.
 * Thread-safe. Closing it is a no-op so that it outlives an engine.
 */
final class CountingStore implements MessageStore {

    final AtomicInteger addMessage = new AtomicInteger();
    final AtomicInteger addReference = new AtomicInteger();
    final AtomicInteger removeReference = new AtomicInteger();
    final AtomicInteger updateDeliveryCount = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    /** Messages read back by loadReferences (with their bodies). */
    final AtomicInteger loadedMessages = new AtomicInteger();
    private final InMemoryMessageStore delegate = new InMemoryMessageStore();
    /** While set, loading references fails (an unreachable database); each failure is counted. */
    volatile boolean failLoads;
    final AtomicInteger failedLoads = new AtomicInteger();
    /** While set, loading references waits until it counts down (a slow database). */
    volatile CountDownLatch holdLoads;
    /** Loads waiting for {@link #holdLoads} now. */
    final AtomicInteger heldLoads = new AtomicInteger();
    /** The names of the threads that loaded references. */
    final Set<String> loadThreads = ConcurrentHashMap.newKeySet();
    /** While set, commits complete only when this completes (a slow disk). */
    volatile CompletableFuture<Void> gate;

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public long maxTraceEventId() {
        return delegate.maxTraceEventId();
    }

    @Override
    public List<TraceEventRecord> findTrace(TraceQuery query, int maxTraces) {
        return delegate.findTrace(query, maxTraces);
    }

    @Override
    public List<TraceEventRecord> loadTraceEvents(String address, String type) {
        return delegate.loadTraceEvents(address, type);
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public StoreBatch batch() {
        StoreBatch inner = delegate.batch();
        return new StoreBatch() {
            @Override
            public StoreBatch saveAddress(AddressRecord address) {
                inner.saveAddress(address);
                return this;
            }

            @Override
            public StoreBatch deleteAddress(String name) {
                inner.deleteAddress(name);
                return this;
            }

            @Override
            public StoreBatch saveQueue(QueueRecord queue) {
                inner.saveQueue(queue);
                return this;
            }

            @Override
            public StoreBatch deleteQueue(String name) {
                inner.deleteQueue(name);
                return this;
            }

            @Override
            public StoreBatch addMessage(long messageId, byte[] encoded) {
                addMessage.incrementAndGet();
                inner.addMessage(messageId, encoded);
                return this;
            }

            @Override
            public StoreBatch addReference(String queue, StoredReference reference) {
                addReference.incrementAndGet();
                inner.addReference(queue, reference);
                return this;
            }

            @Override
            public StoreBatch removeReference(String queue, long messageId) {
                removeReference.incrementAndGet();
                inner.removeReference(queue, messageId);
                return this;
            }

            @Override
            public StoreBatch addTraceEvents(List<TraceEventRecord> events) {
                inner.addTraceEvents(events);
                return this;
            }

            @Override
            public StoreBatch pruneTrace(long olderThan, long upToId) {
                inner.pruneTrace(olderThan, upToId);
                return this;
            }

            @Override
            public StoreBatch updateDeliveryCount(String queue, long messageId, int deliveryCount) {
                updateDeliveryCount.incrementAndGet();
                inner.updateDeliveryCount(queue, messageId, deliveryCount);
                return this;
            }

            @Override
            public StoreBatch addDuplicateId(String address, String id, long sequence) {
                inner.addDuplicateId(address, id, sequence);
                return this;
            }

            @Override
            public StoreBatch removeDuplicateId(String address, String id) {
                inner.removeDuplicateId(address, id);
                return this;
            }

            @Override
            public boolean isEmpty() {
                return inner.isEmpty();
            }

            @Override
            public CompletionStage<Void> commit() {
                commits.incrementAndGet();
                var g = gate;
                return g == null ? inner.commit() : inner.commit().thenCompose(v -> g);
            }
        };
    }

    @Override
    public long maxMessageId() {
        return delegate.maxMessageId();
    }

    @Override
    public List<AddressRecord> loadAddresses() {
        return delegate.loadAddresses();
    }

    @Override
    public List<DuplicateIdRecord> loadDuplicateIds(String address) {
        return delegate.loadDuplicateIds(address);
    }

    @Override
    public List<QueueRecord> loadQueues() {
        return delegate.loadQueues();
    }

    @Override
    public List<StoredReference> loadReferences(String queue, long afterMessageId, int limit) {
        if (failLoads) {
            failedLoads.incrementAndGet();
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE,
                    "test store: loading references of " + queue + " fails on purpose");
        }
        loadThreads.add(Thread.currentThread().getName());
        CountDownLatch hold = holdLoads;
        if (hold != null) {
            heldLoads.incrementAndGet();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                heldLoads.decrementAndGet();
            }
        }
        List<StoredReference> refs = delegate.loadReferences(queue, afterMessageId, limit);
        loadedMessages.addAndGet(refs.size());
        return refs;
    }

    @Override
    public long[] loadReferenceIds(String queue, long afterMessageId, int limit) {
        return delegate.loadReferenceIds(queue, afterMessageId, limit);
    }

    @Override
    public long countReferences(String queue) {
        return delegate.countReferences(queue);
    }

    @Override
    public void close() {
        // outlives the engine: a restart test starts a new engine on the same instance
    }
}
