package io.tributary.core.stream;

import io.tributary.core.TransactionId;

/** Holds a stream settlement made in a local transaction until the transaction ends. Thread-safe. */
@FunctionalInterface
public interface StreamTransactions {

    /**
     * Runs {@code onCommit} when {@code tx} commits (after its store batch), else {@code onRollback}.
     *
     * @throws io.tributary.core.BrokerException NOT_FOUND or ILLEGAL_STATE when {@code tx} is not open
     */
    void enlist(TransactionId tx, Runnable onCommit, Runnable onRollback);
}
