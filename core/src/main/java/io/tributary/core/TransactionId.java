package io.tributary.core;

/**
 * Identifies a local transaction. It is valid on every session of the connection that began it,
 * as an AMQP transaction coordinator requires.
 */
public record TransactionId(long value) {
    @Override
    public String toString() {
        return "tx-" + value;
    }
}
