package io.tributary.core.store;

/**
 * Told what a store's writer does, for metrics. Plain callbacks so that the core names no metrics library: the
 * launcher binds them to one.
 *
 * <p>Called on the store's writer thread after each commit: an implementation must be quick and must not block
 * (count into atomics, record into a histogram).
 */
public interface StoreObserver {

    /** Does nothing. */
    StoreObserver NONE = (batches, operations, nanos) -> { };

    /**
     * One database transaction committed.
     *
     * @param batches    the store batches it held (the group-commit size)
     * @param operations the operations (rows added, removed, changed) in them
     * @param nanos      how long the transaction took, from its first statement to the end of its commit
     */
    void committed(int batches, int operations, long nanos);
}
