package io.tributary.core.engine;

import io.tributary.core.MessageView;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.store.StoredReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole-queue retry ({@link io.tributary.core.Management#retry(String)}): sends every waiting message of a
 * dead-letter (or expiry) queue that has an original address back there. The heap entries go at once; the paged-out
 * ones in batches of at most {@link #BATCH} (fewer for large messages), each loaded from the store on a store-read
 * thread, moved, and stored before the next is loaded, so that a dead-letter queue far larger than memory is never
 * read into it at once.
 *
 * <p>Design note: the retry takes only what waited when it began: paged-out entries before the end ordinal seen then
 * (see {@link PagedOut}), and heap entries with an id no higher than the last id given out then. A retried message
 * that is dead-lettered again comes back with a new id and stays. The heap is looked at again after each batch,
 * because paging loads entries back as the retry frees memory: those the batches had not reached are in the heap
 * now, and the next batch starts at the first entry still paged out.
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
    /** The ordinal of the next paged-out entry to look at. */
    private long cursor;
    private long moved;

    private QueueRetry(BrokerEngine engine, PagedOutReads reads, MessageQueue queue) {
        this.engine = engine;
        this.reads = reads;
        this.queue = queue;
        this.lastId = engine.lastMessageId();
        this.end = queue.pagedOutEnd();
    }

    /** Starts the retry of {@code queue}; the stage completes with how many were moved once they are stored. */
    static CompletionStage<Long> start(BrokerEngine engine, PagedOutReads reads, MessageQueue queue) {
        QueueRetry retry = new QueueRetry(engine, reads, queue);
        retry.heapThenNextBatch();
        return retry.done;
    }

    private void heapThenNextBatch() {
        Map<Long, AddressState> targets = new HashMap<>();
        for (MessageView m : queue.waitingHeap()) {
            AddressState target = m.id() <= lastId ? target(m.message()) : null;
            if (target != null) {
                targets.put(m.id(), target);
            }
        }
        List<QueueEntry> taken = targets.isEmpty() ? List.of() : queue.take(targets.keySet());
        relocate(taken, targets).whenComplete((x, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                nextBatch();
            }
        });
    }

    private void nextBatch() {
        MessageQueue.PagedIds batch = queue.pagedOut(cursor, end, BATCH);
        if (batch.ids().length == 0) {
            LOG.info("{}: {} message(s) sent back to their addresses by an operator, {} left", queue, moved,
                    queue.messageCount());
            done.complete(moved);
            return;
        }
        cursor = batch.ordinal() + batch.ids().length;
        reads.references(queue, batch.ids()).thenCompose(found -> {
            Map<Long, AddressState> targets = new HashMap<>();
            List<StoredReference> wanted = new ArrayList<>();
            for (StoredReference r : found.values()) {
                AddressState target = r.messageId() <= lastId ? target(Message.wrap(r.encoded())) : null;
                if (target != null) {
                    targets.put(r.messageId(), target);
                    wanted.add(r);
                }
            }
            return relocate(wanted.isEmpty() ? List.of() : queue.takePaged(batch, wanted), targets);
        }).whenComplete((x, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                heapThenNextBatch();
            }
        });
    }

    /** Moves the taken entries to their addresses ({@code targets} by id), one store batch per address. */
    private CompletableFuture<Void> relocate(List<QueueEntry> taken, Map<Long, AddressState> targets) {
        Map<AddressState, List<QueueEntry>> byTarget = new HashMap<>();
        for (QueueEntry e : taken) {
            byTarget.computeIfAbsent(targets.get(e.messageId), t -> new ArrayList<>()).add(e);
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
