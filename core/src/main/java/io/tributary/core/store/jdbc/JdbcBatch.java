package io.tributary.core.store.jdbc;

import io.tributary.core.BrokerException;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.MessageStore.StoreBatch;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.store.StoredReference;
import io.tributary.core.store.TraceEventRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records a batch's operations and hands them to the writer on commit. Not thread-safe; committed once. */
final class JdbcBatch implements StoreBatch {

    /** Where a committed batch goes: the store's writer. */
    interface Writer {
        CompletableFuture<Void> submit(List<Op> ops, boolean eventually);
    }

    private final Writer writer;
    private final List<Op> ops = new ArrayList<>();
    private boolean committed;

    JdbcBatch(Writer writer) {
        this.writer = writer;
    }

    private StoreBatch add(Op op) {
        if (committed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE,
                    "store batch was already committed; start a new batch");
        }
        ops.add(op);
        return this;
    }

    @Override
    public StoreBatch saveAddress(AddressRecord address) {
        return add(new Op.SaveAddress(Objects.requireNonNull(address, "address")));
    }

    @Override
    public StoreBatch deleteAddress(String name) {
        return add(new Op.DeleteAddress(Objects.requireNonNull(name, "name")));
    }

    @Override
    public StoreBatch saveQueue(QueueRecord queue) {
        return add(new Op.SaveQueue(Objects.requireNonNull(queue, "queue")));
    }

    @Override
    public StoreBatch deleteQueue(String name) {
        return add(new Op.DeleteQueue(Objects.requireNonNull(name, "name")));
    }

    @Override
    public StoreBatch addMessage(long messageId, byte[] encoded) {
        return add(new Op.AddMessage(messageId, Objects.requireNonNull(encoded, "encoded")));
    }

    @Override
    public StoreBatch addReference(String queue, StoredReference reference) {
        return add(new Op.AddReference(Objects.requireNonNull(queue, "queue"),
                Objects.requireNonNull(reference, "reference")));
    }

    @Override
    public StoreBatch removeReference(String queue, long messageId) {
        return add(new Op.RemoveReference(Objects.requireNonNull(queue, "queue"), messageId));
    }

    @Override
    public StoreBatch updateDeliveryCount(String queue, long messageId, int deliveryCount) {
        return add(new Op.UpdateDeliveryCount(Objects.requireNonNull(queue, "queue"), messageId, deliveryCount));
    }

    @Override
    public StoreBatch addDuplicateId(String address, String id, long sequence) {
        return add(new Op.AddDuplicateId(Objects.requireNonNull(address, "address"), Objects.requireNonNull(id, "id"),
                sequence));
    }

    @Override
    public StoreBatch removeDuplicateId(String address, String id) {
        return add(new Op.RemoveDuplicateId(Objects.requireNonNull(address, "address"),
                Objects.requireNonNull(id, "id")));
    }

    @Override
    public StoreBatch addTraceEvents(List<TraceEventRecord> events) {
        return add(new Op.AddTraceEvents(List.copyOf(events)));
    }

    @Override
    public StoreBatch pruneTrace(long olderThan, long upToId) {
        return add(new Op.PruneTrace(olderThan, upToId));
    }

    @Override
    public StoreBatch appendStreamEntry(String stream, int partition, long offset, long timestamp, byte[] encoded) {
        return add(new Op.Stream(new StreamOp.Append(Objects.requireNonNull(stream, "stream"), partition, offset,
                timestamp, Objects.requireNonNull(encoded, "encoded"))));
    }

    @Override
    public StoreBatch truncateStream(String stream, int partition, long logStart) {
        return add(new Op.Stream(new StreamOp.Truncate(Objects.requireNonNull(stream, "stream"), partition, logStart)));
    }

    @Override
    public StoreBatch saveStreamOffset(String stream, String group, int partition, long offset) {
        return add(new Op.Stream(new StreamOp.SaveOffset(Objects.requireNonNull(stream, "stream"),
                Objects.requireNonNull(group, "group"), partition, offset)));
    }

    @Override
    public StoreBatch deleteStreamGroup(String stream, String group) {
        return add(new Op.Stream(new StreamOp.DeleteGroup(Objects.requireNonNull(stream, "stream"),
                Objects.requireNonNull(group, "group"))));
    }

    @Override
    public StoreBatch deleteStream(String stream) {
        return add(new Op.Stream(new StreamOp.DeleteStream(Objects.requireNonNull(stream, "stream"))));
    }

    @Override
    public boolean isEmpty() {
        return ops.isEmpty();
    }

    @Override
    public CompletionStage<Void> commit() {
        return commit(false);
    }

    @Override
    public CompletionStage<Void> commitEventually() {
        return commit(true);
    }

    private CompletionStage<Void> commit(boolean eventually) {
        if (committed) {
            return CompletableFuture.failedFuture(new BrokerException(BrokerException.Kind.ILLEGAL_STATE,
                    "store batch was already committed; start a new batch"));
        }
        committed = true;
        if (ops.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return writer.submit(List.copyOf(ops), eventually);
    }
}
