package io.tributary.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What operators see and do beside the clients: queue figures, browsing and moving messages, connections and
 * health. Protocol-independent: the management HTTP API (in the launcher) is one user of it.
 *
 * <p>Thread-safe. Calls take a queue's lock only for as long as a copy takes and never wait for the store; what
 * writes the store answers with a {@link CompletionStage}.
 */
public interface Management {

    /** Every queue (queue addresses and subscription queues), sorted by name. */
    List<QueueStatus> queues();

    /** The queue {@code name} (a queue address or a subscription queue). */
    Optional<QueueStatus> queue(String name);

    /**
     * A page of the messages waiting in a queue, without consuming them: the ready ones in the heap in delivery
     * order, then the scheduled ones by delivery time, then the ones paged out to the store in arrival order. Messages
     * in flight (delivered, not yet settled) and expired ones are not in it.
     *
     * @param selector a JMS message selector, or null for every message
     * @param limit    at most this many (1 to {@link #MAX_BROWSE})
     * @return a stage that completes once the paged-out part is read from the store (at once when none is needed)
     * @throws BrokerException NOT_FOUND for an unknown queue, INVALID_SELECTOR, INVALID_ARGUMENT for a bad limit
     */
    CompletionStage<List<MessageView>> browse(String queue, String selector, int limit);

    /**
     * One message waiting in a queue (ready, scheduled or paged out).
     *
     * @return a stage with the message, failed with NOT_FOUND when no waiting message of the queue has that id, or
     *         IN_USE when it is delivered and not yet settled
     * @throws BrokerException NOT_FOUND for an unknown queue
     */
    CompletionStage<MessageView> message(String queue, long id);

    /** The most messages one {@link #browse} answers. */
    int MAX_BROWSE = 1000;

    /** The most messages of a queue one {@link #browse} looks at (in the order it answers them). */
    int MAX_BROWSE_SCAN = 100_000;

    /**
     * Removes a message that waits in a queue (ready, scheduled or paged out).
     *
     * @return a stage that completes when the removal is stored, or fails with NOT_FOUND when the message is not
     *         there, IN_USE when it is delivered and not yet settled
     * @throws BrokerException NOT_FOUND for an unknown queue
     */
    CompletionStage<Void> removeMessage(String queue, long id);

    /**
     * Moves a message that waits in a queue to another address, in one store transaction (it is removed here and
     * added there). {@code to} is resolved as a client's name is (created as configured).
     *
     * @throws BrokerException as {@link #removeMessage}, and NOT_FOUND when {@code to} does not exist and may not
     *                         be created
     */
    CompletionStage<Void> moveMessage(String queue, long id, String to);

    /**
     * Sends every message waiting in a dead-letter (or expiry) queue back to the address it came from (its
     * {@code x-opt-ORIG-ADDRESS} annotation), with its delivery count reset: the ready and scheduled ones, then the
     * ones paged out to the store, read a few hundred at a time (each batch stored before the next is read).
     * Messages without that annotation, or whose address no longer exists, stay; so do messages that arrive while
     * the retry runs (a retried message dead-lettered again among them). Messages in flight are not taken. The
     * retried messages keep their order only while paging does not load messages back during the retry.
     *
     * @return a stage with how many were moved, complete when they are stored (failed by a store failure, with the
     *         batches before it moved)
     * @throws BrokerException NOT_FOUND for an unknown queue
     */
    CompletionStage<Long> retry(String queue);

    /**
     * Sends one message waiting in a dead-letter (or expiry) queue back to the address it came from, as
     * {@link #retry(String)} does for all of them.
     *
     * @return a stage with the address it went to, complete when it is stored; failed as {@link #removeMessage},
     *         and with ILLEGAL_STATE when the message has no original address or that address no longer exists
     * @throws BrokerException NOT_FOUND for an unknown queue
     */
    CompletionStage<String> retry(String queue, long id);

    /**
     * Removes every message waiting in a queue (ready, scheduled and paged out; not those in flight).
     *
     * @return a stage with how many were removed, complete when the store has forgotten them
     * @throws BrokerException NOT_FOUND for an unknown queue
     */
    CompletionStage<Long> purge(String queue);

    /**
     * The consumers of a queue (not its browsers), in the order they attached, with what each holds and when it last
     * took and accepted a message.
     *
     * @throws BrokerException NOT_FOUND for an unknown queue
     */
    List<ConsumerStatus> consumers(String queue);

    /** Every open connection, oldest first. */
    List<ConnectionStatus> connections();

    /** The open connection {@code id} with its sessions and their links, or empty. */
    Optional<ConnectionDetail> connection(String id);

    /**
     * Closes a connection: its protocol layer closes the client's connection with {@code reason} (AMQP
     * {@code amqp:connection:forced}), then the engine releases its deliveries as at any disconnect.
     *
     * @throws BrokerException NOT_FOUND when no open connection has that id
     */
    void closeConnection(String id, String reason);

    /**
     * The recorded traces of the messages that {@code lookup} finds (on addresses with {@code tracing} on, within
     * {@code tracing.retention}), oldest first, at most the newest {@link #MAX_TRACES}; consumed and dead-lettered
     * messages included. Events still on their way to the store (a fraction of a second) are not in it yet. Read on
     * a store-read thread, never on the caller's.
     */
    CompletionStage<List<MessageTrace>> trace(MessageTrace.Lookup lookup);

    /** The most traces one {@link #trace} answers. */
    int MAX_TRACES = 100;

    /** Trace events dropped since the start because the store did not keep up (see {@code tracing.buffer}). */
    long traceEventsDropped();

    /** True while the engine runs and its store writes (false during a store outage and after a stop). */
    boolean ready();

    /** Every topic with its subscriptions, sorted by name. */
    List<TopicStatus> topics();

    /** The topic {@code name}, or empty when there is no topic of that name. */
    Optional<TopicStatus> topic(String name);

    /** Every stream with its partitions and consumer groups, sorted by name. */
    List<StreamStatus> streams();

    /** The stream {@code name}, or empty when there is no stream of that name. */
    Optional<StreamStatus> stream(String name);

    /**
     * Resets a consumer group's committed offsets in every partition of a stream: {@code FIRST} (the log start),
     * {@code NEXT} (the end: only messages appended from now on), {@code LAST} (the last message), an offset
     * (clamped to each partition's log: below its start it is the start, beyond its end the end) or a timestamp
     * (per partition the first message appended at or after it, else the end). The group's consumers then read
     * from there; a restart keeps the new offsets.
     *
     * @return a stage with the group's new position, complete once the offsets are stored
     * @throws BrokerException NOT_FOUND for an unknown stream or group, IN_USE while the group has consumers
     *                         attached (or a transaction that acknowledged its messages is open)
     */
    CompletionStage<StreamStatus.GroupStatus> resetGroup(String stream, String group, StreamOffset to);
}
