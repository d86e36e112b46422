package io.tributary.core;

import io.tributary.core.message.Message;
import java.util.concurrent.CompletionStage;

/**
 * Sends messages to one address (or, when anonymous, to each message's {@code to}).
 *
 * <p>Flow control: when a target queue's memory budget is exhausted, or the broker is over its global memory
 * limit and this producer's messages cannot be paged to the store, the producer is <em>blocked</em>: sends are
 * still accepted but a protocol layer should stop granting credit (or block the sending thread) until
 * {@link #whenWritable(Runnable)} runs. Thread-safe.
 */
public interface Producer extends AutoCloseable {

    /** The address, or null for an anonymous producer. */
    String address();

    /**
     * Sends a message. The stage completes when the message is routed and, for a durable message,
     * stored (at-least-once confirmation); within a transaction, when it is recorded in the transaction.
     * It completes exceptionally with a {@link BrokerException} naming what was wrong.
     *
     * @param tx the transaction, or null
     */
    CompletionStage<Void> send(Message message, TransactionId tx);

    /**
     * True when a target address is over its memory budget, or the broker over its global memory limit (for
     * messages that cannot be paged), and the sender should hold back.
     */
    boolean blocked();

    /** Runs {@code task} once the producer is no longer blocked (at once, if it is not). */
    void whenWritable(Runnable task);

    /** Names this producer for operators as its protocol layer knows it (an AMQP link name); optional. */
    default void label(String name) {
    }

    @Override
    void close();
}
