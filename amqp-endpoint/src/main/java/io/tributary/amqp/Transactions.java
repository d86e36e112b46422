package io.tributary.amqp;

import io.tributary.core.TransactionId;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;

/**
 * The transactions a connection's coordinators declared, by their AMQP txn-id. A transaction is valid on every
 * session of the connection, as the AMQP coordinator model requires.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class Transactions {

    private final Map<Binary, TransactionId> byTxnId = new HashMap<>();

    /** Registers a declared transaction; answers its txn-id. */
    Binary declare(TransactionId tx) {
        Binary id = new Binary(ByteBuffer.allocate(Long.BYTES).putLong(tx.value()).array());
        byTxnId.put(id, tx);
        return id;
    }

    /** The transaction with this txn-id, or null. */
    TransactionId find(Binary txnId) {
        return txnId == null ? null : byTxnId.get(txnId);
    }

    /** Forgets a discharged transaction. */
    void discharged(Binary txnId) {
        byTxnId.remove(txnId);
    }
}
