package io.tributary.core.stream;

import io.tributary.core.TransactionId;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.function.Supplier;

/** Holds a stream settlement made in a local transaction until the transaction ends. Thread-safe. */
@FunctionalInterface
public interface StreamTransactions {

    /** One stream settlement a transaction holds. */
    interface Held {

        /**
         * At commit, before the transaction's store batch is written: adds this settlement's writes (a
         * group's committed offset) to that batch, so they are stored atomically with the transaction.
         */
        void prepare(Supplier<StoreBatch> batch);

        /** The transaction is stored: the settlement applies. */
        void commit();

        /** The transaction rolled back (or failed): the settlement is undone. */
        void rollback();
    }

    /**
     * Holds {@code held} in {@code tx}.
     *
     * @throws io.tributary.core.BrokerException NOT_FOUND or ILLEGAL_STATE when {@code tx} is not open
     */
    void enlist(TransactionId tx, Held held);
}
