package io.tributary.core.engine;

import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.store.StoredReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole-queue retry ({@link io.tributary.core.Management#retry(String)}): sends every waiting message of a
 * dead-letter (or expiry) queue that has an original address back there, in the queue's order. The heap entries go at
 * once; the paged-out ones in batches of at most {@link #BATCH} (fewer for large messages), each loaded from the store
 * on a store-read thread, moved, and stored before the next is loaded, so that a dead-letter queue far larger than
 * memory is never read into it at once.
 *
 * <p>Design note: the retry takes only what waited when it began: paged-out entries before the end ordinal seen then
 * (see {@link PagedOut}), and heap entries with an id no higher than the last id given out then. A retried message
 * that is dead-lettered again comes back with a new id and stays. Paging goes on meanwhile and loads entries back
 * into the heap as the retry frees memory, so the retry works in rounds that each keep the order: first every wanted
 * heap entry (all of them were paged in before the first entry still paged out, seen in the same look), then a
 * stretch of ordinals from there to the end of the next batch, taken in one look in ordinal order, whether still paged
 * out (loaded for the batch) or paged in while the batch was read. A target receives each round's entries in one store
 * batch after the previous round's, so it keeps them in this order too, paging or not.
 *
 * <p>Not thread-safe, but never run by two threads at once: one per call, its steps one after another (the caller's
 * thread, then store-read and store-completion threads).
 */
final class QueueRetry {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRetry.class);

    /** Most paged-out entries one batch loads. */
    static final int BATCH = BrowseCursor.MAX_LOAD;

    private final BrokerEngine engine;
    private final PagedOutReads reads;
    private final MessageQueue queue;
    private final long lastId;
    private final long end;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    /** The ordinal of the first paged-out entry not yet taken (or looked at). */
    private long cursor;
    private long moved;
    /** The target of each wanted message not moved yet, by id (an address deleted meanwhile stays its target). */
    private final Map<Long, AddressState> targets = new HashMap<>();

    private QueueRetry(BrokerEngine engine, PagedOutReads reads, MessageQueue queue) {
        this.engine = engine;
        this.reads = reads;
        this.queue = queue;
        this.lastId = engine.lastMessageId();
        this.end = queue.operations.pagedOutEnd();
    }

    /** Starts the retry of {@code queue}; the stage completes with how many were moved once they are stored. */
    static CompletionStage<Long> start(BrokerEngine engine, PagedOutReads reads, MessageQueue queue) {
        QueueRetry retry = new QueueRetry(engine, reads, queue);
        retry.heapThenNextBatch();
        return retry.done;
    }

    /**
     * Whether the retry takes message {@code id}: it waited when the retry began and has an existing original
     * address, which is kept for it in {@link #targets}.
     */
    private boolean wanted(long id, Message m) {
        AddressState target = id <= lastId ? target(m) : null;
        if (target != null) {
            targets.put(id, target);
        }
        return target != null;
    }

    private void heapThenNextBatch() {
        QueueOperations.TakenWaiting heap = queue.operations.takeWaiting(e -> wanted(e.messageId, e.message));
        cursor = Math.max(cursor, heap.pagedHead());
        relocate(heap.entries()).whenComplete((x, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                nextBatch();
            }
        });
    }

    private void nextBatch() {
        QueueOperations.PagedIds batch = queue.operations.pagedOut(cursor, end, BATCH);
        long from = cursor;
        long to = Math.min(end, batch.ordinal() + batch.ids().length);
        if (to <= from) {
            LOG.info("{}: {} message(s) sent back to their addresses by an operator, {} left", queue, moved,
                    queue.messageCount());
            done.complete(moved);
            return;
        }
        cursor = to;
        reads.references(queue, batch.ids()).thenCompose(found -> {
            Map<Long, StoredReference> wanted = new HashMap<>();
            for (StoredReference r : found.values()) {
                if (wanted(r.messageId(), Message.wrap(r.encoded()))) {
                    wanted.put(r.messageId(), r);
                }
            }
            return relocate(queue.operations.takeStretch(from, to, batch, wanted,
                    e -> wanted(e.messageId, e.message)));
        }).whenComplete((x, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                heapThenNextBatch();
            }
        });
    }

    /** Moves the taken entries to their addresses, in their order, one store batch per address. */
    private CompletableFuture<Void> relocate(List<QueueEntry> taken) {
        Map<AddressState, List<QueueEntry>> byTarget = new LinkedHashMap<>();
        for (QueueEntry e : taken) {
            byTarget.computeIfAbsent(targets.remove(e.messageId), t -> new ArrayList<>()).add(e);
        }
        List<CompletableFuture<Void>> moves = new ArrayList<>();
        byTarget.forEach((target, entries) -> {
            moves.add(engine.router().relocate(queue, entries, target, "retry").toCompletableFuture());
            moved += entries.size();
        });
        return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new));
    }

    /** The existing address {@code m} was dead-lettered or expired from, or null. */
    private AddressState target(Message m) {
        Object origin = m.messageAnnotation(JmsMapping.ORIGINAL_ADDRESS);
        return origin instanceof String address ? engine.registry().get(address) : null;
    }

    private void fail(Throwable failure) {
        LOG.info("{}: a retry stopped after {} message(s) were sent back: {}", queue, moved, failure.getMessage());
        done.completeExceptionally(failure instanceof CompletionException c && c.getCause() != null
                ? c.getCause() : failure);
    }
}
