package io.tributary.core.store.jdbc;

/** One recorded stream operation of a store batch (carried by {@link Op.Stream}). Immutable. */
sealed interface StreamOp {

    /** The stream the operation is about. */
    String stream();

    record Append(String stream, int partition, long offset, long timestamp, byte[] encoded) implements StreamOp {
    }

    record Truncate(String stream, int partition, long logStart) implements StreamOp {
    }

    record SaveOffset(String stream, String group, int partition, long offset) implements StreamOp {
    }

    record DeleteGroup(String stream, String group) implements StreamOp {
    }

    record DeleteStream(String stream) implements StreamOp {
    }
}
