package io.tributary.core.store;

import io.tributary.core.BrokerException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The store SPI: everything durable the engine keeps. Implementations: {@link InMemoryMessageStore}
 * (non-durable runs and tests) and the JDBC store (H2, PostgreSQL).
 *
 * <p>A message is stored once ({@link StoreBatch#addMessage}) and referenced by each queue that holds
 * it ({@link StoreBatch#addReference}); the store deletes a message when its last reference goes.
 * Writes go through a {@link StoreBatch}; its {@code commit()} completes when the batch is durable,
 * so a JDBC store may group-commit many batches in one database transaction.
 *
 * <p>Thread-safe: called from any engine thread.
 */
public interface MessageStore extends AutoCloseable {

    /** Opens the store (creates or checks the schema). Called once before anything else. */
    void start();

    /** True when what is committed survives a restart. */
    boolean persistent();

    /** A new unit of work. */
    StoreBatch batch();

    /**
     * False while the store cannot write: it retries a write that failed (the database is unreachable, its disk is
     * full). The engine then holds deliveries of stored messages, so that consumers cannot acknowledge more than
     * what is already delivered while acknowledgements cannot be stored. The default store always writes.
     */
    default boolean writing() {
        return true;
    }

    /**
     * Heap bytes the store keeps for what it stores, which paging messages out does not release (the message
     * journal's index); 0 by default. The engine counts it against the global memory limit.
     */
    default long heapBytes() {
        return 0;
    }

    /**
     * Runs {@code task} once {@link #writing()}: at once when it is, else when a write next succeeds (then on a
     * store thread: the task must be quick).
     */
    default void whenWriting(Runnable task) {
        task.run();
    }

    /** The highest message id ever stored (0 when none): the engine continues its ids above it. */
    long maxMessageId();

    /** Every stored address. */
    List<AddressRecord> loadAddresses();

    /** The remembered duplicate ids of {@code address}, oldest first (by sequence). */
    List<DuplicateIdRecord> loadDuplicateIds(String address);

    /** Every stored queue (plain queues and durable subscription queues). */
    List<QueueRecord> loadQueues();

    /**
     * References of {@code queue} with a message id above {@code afterMessageId}, in message-id order,
     * at most {@code limit}. Used at recovery and for paging in.
     */
    List<StoredReference> loadReferences(String queue, long afterMessageId, int limit);

    /**
     * The message ids of {@code queue}'s references above {@code afterMessageId}, in order, at most {@code limit}:
     * what recovery needs of the part of a queue that stays paged out, without reading the messages. The default
     * reads them through {@link #loadReferences}; a store that can do better should.
     */
    default long[] loadReferenceIds(String queue, long afterMessageId, int limit) {
        return loadReferences(queue, afterMessageId, limit).stream().mapToLong(StoredReference::messageId).toArray();
    }

    /** How many references {@code queue} has. */
    long countReferences(String queue);

    /**
     * The partitions of {@code stream} that have entries or a log start, in partition order.
     *
     * @throws BrokerException STORE_FAILURE when this store does not support streams
     */
    default List<StreamPartitionRecord> loadStreamPartitions(String stream) {
        throw streamsUnsupported(this);
    }

    /**
     * Entries of one stream partition from {@code fromOffset} on, in offset order, at most {@code limit}:
     * a range scan, used at recovery and to read old ranges.
     */
    default List<StreamEntryRecord> loadStreamEntries(String stream, int partition, long fromOffset, int limit) {
        throw streamsUnsupported(this);
    }

    /**
     * Like {@link #loadStreamEntries} without the bytes: offsets, timestamps and sizes, so a stream can
     * rebuild its segments at start without reading every message. The default reads the entries.
     */
    default List<StreamIndexRecord> loadStreamIndex(String stream, int partition, long fromOffset, int limit) {
        return loadStreamEntries(stream, partition, fromOffset, limit).stream()
                .map(e -> new StreamIndexRecord(e.offset(), e.timestamp(), e.encoded().length)).toList();
    }

    /** Every consumer group's committed offsets of {@code stream}. */
    default List<StreamOffsetRecord> loadStreamOffsets(String stream) {
        throw streamsUnsupported(this);
    }

    /** The error of a store without stream support. */
    static BrokerException streamsUnsupported(Object store) {
        return new BrokerException(BrokerException.Kind.STORE_FAILURE,
                "this store (" + store.getClass().getSimpleName() + ") does not support streams; use the in-memory"
                        + " or JDBC store, or declare the address as a queue or topic");
    }

    /** The highest trace event id stored, 0 when there is none. */
    long maxTraceEventId();

    /**
     * The trace events of every trace whose first event (received) matches {@code query}, oldest first, of the
     * newest {@code maxTraces} such traces. Blocking: call it off event loops.
     */
    List<TraceEventRecord> findTrace(TraceQuery query, int maxTraces);

    /**
     * The stored trace events of {@code type} on {@code address}, in id order: at start, the appends of a stream
     * whose reads are traced. Blocking (a scan of the trace table, bounded by {@code tracing.max-events}).
     */
    List<TraceEventRecord> loadTraceEvents(String address, String type);

    /** Closes the store; pending batches complete or fail first. */
    @Override
    void close();

    /**
     * A unit of work; not thread-safe, used by one thread and then committed once. Nothing is visible
     * to loads or survives a restart before {@link #commit()} completes.
     */
    interface StoreBatch {

        StoreBatch saveAddress(AddressRecord address);

        /** Deletes the address record and its duplicate ids (its queues are deleted separately). */
        StoreBatch deleteAddress(String name);

        StoreBatch saveQueue(QueueRecord queue);

        /** Deletes the queue record and all its references. */
        StoreBatch deleteQueue(String name);

        StoreBatch addMessage(long messageId, byte[] encoded);

        StoreBatch addReference(String queue, StoredReference reference);

        /** Removes a reference; the message itself goes when no reference is left. */
        StoreBatch removeReference(String queue, long messageId);

        StoreBatch updateDeliveryCount(String queue, long messageId, int deliveryCount);

        /** Remembers a duplicate id of {@code address} (again, with the new sequence, if it was remembered). */
        StoreBatch addDuplicateId(String address, String id, long sequence);

        /** Forgets a duplicate id of {@code address}, if remembered. */
        StoreBatch removeDuplicateId(String address, String id);

        /** Appends one stream entry (offsets of a partition are appended in order). */
        default StoreBatch appendStreamEntry(String stream, int partition, long offset, long timestamp,
                                             byte[] encoded) {
            throw streamsUnsupported(this);
        }

        /** Retention: deletes the partition's entries below {@code logStart} and records the new log start. */
        default StoreBatch truncateStream(String stream, int partition, long logStart) {
            throw streamsUnsupported(this);
        }

        /** Records a consumer group's committed offset in one partition. */
        default StoreBatch saveStreamOffset(String stream, String group, int partition, long offset) {
            throw streamsUnsupported(this);
        }

        /** Deletes a consumer group's committed offsets. */
        default StoreBatch deleteStreamGroup(String stream, String group) {
            throw streamsUnsupported(this);
        }

        /** Deletes every entry, log start and committed offset of {@code stream}. */
        default StoreBatch deleteStream(String stream) {
            throw streamsUnsupported(this);
        }

        /** Adds trace events (their ids increase in the order given). */
        StoreBatch addTraceEvents(List<TraceEventRecord> events);

        /** Deletes the trace events older than {@code olderThan} (epoch ms) and those with an id up to {@code upToId}.
         */
        StoreBatch pruneTrace(long olderThan, long upToId);

        /** True when nothing was added to this batch. */
        boolean isEmpty();

        /**
         * Makes the batch durable; completes exceptionally with a STORE_FAILURE BrokerException (a store that
         * cannot write retries for a while first: see {@code JdbcMessageStore.outageLimit}).
         */
        CompletionStage<Void> commit();

        /**
         * Like {@link #commit()} for a batch that nobody waits for and that must not be forgotten (acknowledgements,
         * committed stream offsets): a store that cannot write keeps it until it can, however long that takes,
         * instead of failing it; it fails when the store closes first or refuses it. The default is
         * {@link #commit()}.
         */
        default CompletionStage<Void> commitEventually() {
            return commit();
        }
    }
}
