package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.Outcome;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.stream.StreamTransactions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A local transaction: the sends and settlements it holds until commit or rollback. A held
 * settlement keeps its entry out of every consumer's reach until then.
 *
 * <p>Thread-safe: its lists are guarded by its monitor; commit and rollback happen once.
 */
final class LocalTransaction {

    private record Send(AddressState address, Message message, EngineConnection sender) {
    }

    private record Held(MessageQueue queue, QueueEntry entry, Outcome outcome, QueueConsumer consumer) {
    }

    final TransactionId id;
    private final BrokerEngine engine;
    private final List<Send> sends = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    /** Settlements outside queues (streams): prepared into the commit's batch, then applied or undone. */
    private final List<StreamTransactions.Held> enlisted = new ArrayList<>();
    private boolean ended;

    LocalTransaction(TransactionId id, BrokerEngine engine) {
        this.id = id;
        this.engine = engine;
    }

    synchronized void send(AddressState address, Message message, EngineConnection sender) {
        checkOpen();
        message.validate();
        sends.add(new Send(address, message, sender));
    }

    synchronized void held(MessageQueue queue, QueueEntry entry, Outcome outcome, QueueConsumer consumer) {
        if (ended) {
            queue.rollBackHeld(entry);
            checkOpen();
        }
        held.add(new Held(queue, entry, outcome, consumer));
    }

    /** Holds a stream settlement until commit (stored in the commit's batch) or rollback. */
    synchronized void enlist(StreamTransactions.Held settlement) {
        checkOpen();
        enlisted.add(settlement);
    }

    private void checkOpen() {
        if (ended) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, id + " has already ended; begin a new one");
        }
    }

    /**
     * Commits: the sends and the acceptances of stored messages go to the store in one batch; once it is
     * durable the sends become visible and the settlements apply.
     */
    CompletionStage<Void> commit() {
        List<Send> s;
        List<Held> h;
        List<StreamTransactions.Held> streamHeld;
        synchronized (this) {
            checkOpen();
            ended = true;
            s = List.copyOf(sends);
            h = List.copyOf(held);
            streamHeld = List.copyOf(enlisted);
        }
        StoreWork work = engine.storeWork();
        List<Router.Routed> routed = new ArrayList<>(s.size());
        List<DuplicateIds.Claim> claims = new ArrayList<>();
        try {
            claimDuplicateIds(s, claims);
            for (Send send : s) {
                routed.add(engine.router().prepare(send.address(), send.message(), send.sender(), work, -1,
                        TraceOrigin.TRANSACTION));
            }
        } catch (BrokerException e) {
            claims.forEach(c -> c.release(e));
            routed.forEach(Router.Routed::abandon);
            h.forEach(x -> x.queue().rollBackHeld(x.entry()));
            streamHeld.forEach(StreamTransactions.Held::rollback);
            return CompletableFuture.failedFuture(new BrokerException(BrokerException.Kind.TRANSACTION_ROLLED_BACK,
                    id + " was rolled back: " + e.getMessage(), e));
        }
        for (Held x : h) {
            if (x.outcome().type() == Outcome.Type.ACCEPTED && x.entry().persisted) {
                work.batch().removeReference(x.queue().name, x.entry().messageId);
            }
        }
        streamHeld.forEach(x -> x.prepare(work::batch));
        if (engine.persistent()) {
            claims.forEach(c -> c.write(work.batch()));
        }
        return work.commit().handle((ok, failure) -> {
            if (failure != null) {
                claims.forEach(c -> c.release(failure));
                routed.forEach(Router.Routed::abandon);
                h.forEach(x -> x.queue().rollBackHeld(x.entry()));
                streamHeld.forEach(StreamTransactions.Held::rollback);
                throw new BrokerException(BrokerException.Kind.TRANSACTION_ROLLED_BACK, id
                        + " was rolled back because the store failed: " + failure.getMessage(), failure);
            }
            routed.forEach(Router.Routed::enqueue);
            claims.forEach(DuplicateIds.Claim::confirm);
            streamHeld.forEach(StreamTransactions.Held::commit);
            h.forEach(x -> x.queue().applyHeld(x.entry(), x.outcome(), x.consumer(),
                    x.outcome().type() == Outcome.Type.ACCEPTED));
            return null;
        });
    }

    /**
     * Claims the duplicate id of every send to an address that detects duplicates, into {@code claims}; an id the
     * address remembers, or one sent twice in this transaction, fails the commit naming it.
     */
    private static void claimDuplicateIds(List<Send> sends, List<DuplicateIds.Claim> claims) {
        Set<String> seen = new HashSet<>();
        for (Send send : sends) {
            DuplicateIds ids = send.address().duplicates;
            String id = ids == null ? null : ids.idOf(send.message());
            if (id == null) {
                continue;
            }
            if (!seen.add(send.address().name + '\n' + id)) {
                throw ids.duplicateInTransaction(id, true);
            }
            try {
                claims.add(ids.claim(id));
            } catch (DuplicateIds.Duplicate d) {
                throw ids.duplicateInTransaction(id, false);
            }
        }
    }

    /** Rolls back: sends are dropped, settled messages are redelivered with their count incremented. */
    CompletionStage<Void> rollback() {
        List<Held> h;
        List<StreamTransactions.Held> streamHeld;
        synchronized (this) {
            checkOpen();
            ended = true;
            h = List.copyOf(held);
            streamHeld = List.copyOf(enlisted);
        }
        h.forEach(x -> x.queue().rollBackHeld(x.entry()));
        streamHeld.forEach(StreamTransactions.Held::rollback);
        return StoreWork.DONE;
    }

    synchronized boolean ended() {
        return ended;
    }
}
