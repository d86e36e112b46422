package io.tributary.core.store.jdbc;

import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.store.StoredReference;
import io.tributary.core.store.TraceEventRecord;
import java.util.List;

/** One recorded operation of a store batch. Immutable. */
sealed interface Op {

    record SaveAddress(AddressRecord address) implements Op {
    }

    record DeleteAddress(String name) implements Op {
    }

    record SaveQueue(QueueRecord queue) implements Op {
    }

    record DeleteQueue(String name) implements Op {
    }

    record AddMessage(long messageId, byte[] encoded) implements Op {
    }

    record AddReference(String queue, StoredReference reference) implements Op {
    }

    record RemoveReference(String queue, long messageId) implements Op {
    }

    record UpdateDeliveryCount(String queue, long messageId, int deliveryCount) implements Op {
    }

    record AddDuplicateId(String address, String id, long sequence) implements Op {
    }

    record RemoveDuplicateId(String address, String id) implements Op {
    }

    record AddTraceEvents(List<TraceEventRecord> events) implements Op {
    }

    record PruneTrace(long olderThan, long upToId) implements Op {
    }

    /** A stream operation, written by {@link StreamWritePlan}. */
    record Stream(StreamOp op) implements Op {
    }
}
