package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.ConnectionDetail;
import io.tributary.core.ConsumerStatus;
import io.tributary.core.MessageTrace;
import io.tributary.core.MessageView;
import io.tributary.core.QueueStatus;
import io.tributary.core.store.StoredReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * What operators do to one {@link MessageQueue} through {@link io.tributary.core.Management}: snapshots (its figures,
 * its consumers, the waiting entries a browse copies, one entry by id) and taking waiting entries out for good
 * (remove, move, retry, purge), the paged-out ones included.
 *
 * <p>Design note: this is the queue's management side, kept apart from the delivery path that {@link MessageQueue}
 * runs (enqueue, dispatch, settle, timers, paging). It holds no state of its own: it reads and changes the queue's
 * under the queue's lock, and leaves follow-up work to {@link MessageQueue#finish} as the queue's own operations do.
 *
 * <p>Thread-safe as the queue is: every method takes the queue's lock for its look at the entries.
 */
final class QueueOperations {

    private final MessageQueue q;

    QueueOperations(MessageQueue q) {
        this.q = q;
    }

    /** A snapshot of consumer {@code c} for operators. */
    ConnectionDetail.Link link(QueueConsumer c) {
        synchronized (q.lock) {
            return new ConnectionDetail.Link(c.name(),
                    ConnectionDetail.Role.SENDER, q.name, c.credit, c.unsettled.size(), c.delivered, c.acknowledged,
                    null);
        }
    }

    /** Snapshots of the competing consumers (not the browsers), in the order they attached, for operators. */
    List<ConsumerStatus> consumerStatuses() {
        synchronized (q.lock) {
            List<ConsumerStatus> out = new ArrayList<>();
            for (QueueConsumer c : q.consumers.competing()) {
                EngineConnection conn = c.session.connection();
                out.add(new ConsumerStatus(conn.id(), c.name(),
                        conn.info().user(), conn.info().remoteAddress(), Instant.ofEpochMilli(c.attachedAt), c.credit,
                        c.unsettled.size(), c.delivered, c.acknowledged, c.selector == null ? null : c.selector.text(),
                        instant(c.lastDeliveryTime), instant(c.lastAcknowledgementTime)));
            }
            return out;
        }
    }

    private static Instant instant(long epochMillis) {
        return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis);
    }

    /** A snapshot for operators: the figures now and the counts since start. */
    QueueStatus status() {
        long readyCount;
        long scheduled;
        long inFlightNow;
        long pagedOut;
        int consumerCount;
        boolean paging;
        long bytes;
        long oldestCreated;
        synchronized (q.lock) {
            readyCount = q.ready.size();
            scheduled = q.timed.size();
            inFlightNow = q.inFlight;
            pagedOut = q.pager == null ? 0 : q.pager.paged.count();
            consumerCount = q.consumers.size();
            paging = q.pager != null && q.pager.active();
            bytes = q.memory.used();
            QueueEntry oldest = q.ready.oldest();
            oldestCreated = oldest == null ? 0 : oldest.message.creationTime();
        }
        long age = oldestCreated > 0 ? Math.max(0, q.engine.now() - oldestCreated) : -1;
        QueueCounters n = q.counters;
        return new QueueStatus(q.name, q.address.name, readyCount + scheduled + inFlightNow + pagedOut,
                inFlightNow, scheduled, pagedOut, consumerCount, n.enqueued.sum(), n.delivered.sum(),
                n.acknowledged.sum(), n.deadLettered.sum(), n.expired.sum(), age, paging, bytes);
    }

    /**
     * What an operator browses, seen in one look: the waiting heap entries (ready ones in delivery order, then the
     * scheduled ones; copies) and the ids of the paged-out ones after them (arrival order), at most {@code max} in
     * all.
     */
    record Waiting(List<MessageView> heap, long[] pagedOut) {
    }

    Waiting waiting(int max) {
        synchronized (q.lock) {
            List<MessageView> out = heap(max);
            long[] paged = q.pager == null ? new long[0] : q.pager.paged.first(max - out.size());
            return new Waiting(out, paged);
        }
    }

    /** Under the lock: copies of up to {@code max} waiting heap entries, ready ones then scheduled ones. */
    private List<MessageView> heap(int max) {
        List<MessageView> out = new ArrayList<>();
        for (QueueEntry e = q.ready.first(); e != null && out.size() < max; e = q.ready.next(e)) {
            out.add(new MessageView(e.messageId, e.deliveryCount, false, e.message));
        }
        for (QueueEntry e : q.timed.entries()) {
            if (out.size() >= max) {
                break;
            }
            out.add(new MessageView(e.messageId, e.deliveryCount, true, e.message));
        }
        return out;
    }

    /**
     * A copy of the waiting (ready or scheduled) entry {@code messageId}, or null when it is paged out (read it from
     * the store). NOT_FOUND when it is not waiting here; IN_USE when it is delivered and not yet settled.
     */
    MessageView peek(long messageId) {
        synchronized (q.lock) {
            QueueEntry e = findWaiting(messageId);
            if (e != null) {
                return new MessageView(e.messageId, e.deliveryCount, e.deliveryTime > q.engine.now(), e.message);
            }
            if (q.pager != null && q.pager.paged.contains(messageId)) {
                return null;
            }
            throw notWaiting(messageId);
        }
    }

    /**
     * Takes a waiting (ready or scheduled) entry out of the queue for good, leaving its store reference to the
     * caller; answers null when it is paged out (load it and {@link #takePaged} it). NOT_FOUND when no waiting entry
     * has that id; IN_USE when it is delivered and not yet settled.
     */
    QueueEntry take(long messageId) {
        AfterLock work = new AfterLock();
        QueueEntry found;
        synchronized (q.lock) {
            found = findWaiting(messageId);
            if (found == null) {
                if (q.pager != null && q.pager.paged.contains(messageId)) {
                    return null;
                }
                throw notWaiting(messageId);
            }
            removeFromHeap(found, work);
        }
        q.finish(work);
        return found;
    }

    /**
     * Takes the paged-out entry whose reference {@code r} was loaded from the store out of the queue for good (or,
     * when paging brought it back meanwhile, the heap entry), leaving its store reference to the caller.
     */
    QueueEntry takePaged(StoredReference r) {
        AfterLock work = new AfterLock();
        QueueEntry found;
        synchronized (q.lock) {
            if (q.pager.paged.remove(r.messageId())) {
                return Pager.entry(r);
            }
            found = findWaiting(r.messageId());
            if (found == null) {
                throw notWaiting(r.messageId());
            }
            removeFromHeap(found, work);
        }
        q.finish(work);
        return found;
    }

    /** Ids of paged-out entries and the ordinal (see {@link PagedOut}) of the first. */
    record PagedIds(long ordinal, long[] ids) {
    }

    /** The ordinal the next paged-out entry will have: where a pass over the entries paged out now ends. */
    long pagedOutEnd() {
        synchronized (q.lock) {
            return q.pager == null ? 0 : q.pager.paged.endOrdinal();
        }
    }

    /**
     * The ids of up to {@code max} paged-out entries (fewer for large messages, see
     * {@link BrowseCursor#MAX_LOAD_BYTES}) from ordinal {@code from} on, or from the first one held when paging has
     * loaded that one back meanwhile, and before ordinal {@code end}.
     */
    PagedIds pagedOut(long from, long end, int max) {
        synchronized (q.lock) {
            if (q.pager == null) {
                return new PagedIds(from, new long[0]);
            }
            PagedOut paged = q.pager.paged;
            long start = Math.max(from, paged.headOrdinal());
            long fit = Math.max(1, BrowseCursor.MAX_LOAD_BYTES / paged.averageSize());
            long n = Math.min(Math.min(max, end - start), fit);
            return new PagedIds(start, n <= 0 ? new long[0] : paged.from(start, (int) n));
        }
    }

    /** What {@link #takeWaiting} took, in the queue's order, and the ordinal of the first entry still paged out. */
    record TakenWaiting(List<QueueEntry> entries, long pagedHead) {
    }

    /**
     * Takes the waiting (ready, then scheduled) entries that {@code wanted} accepts out for good, in the queue's
     * order, leaving their store references to the caller. Every entry paged in so far has an ordinal below the
     * answered {@code pagedHead}, so it was among them.
     */
    TakenWaiting takeWaiting(Predicate<QueueEntry> wanted) {
        AfterLock work = new AfterLock();
        List<QueueEntry> found;
        long head;
        synchronized (q.lock) {
            found = waitingWhere(wanted);
            found.forEach(e -> removeFromHeap(e, work));
            head = q.pager == null ? 0 : q.pager.paged.headOrdinal();
        }
        q.finish(work);
        return new TakenWaiting(found, head);
    }

    /**
     * Takes out for good, in arrival order, the entries that {@code wanted} accepts of the stretch of paged-out
     * ordinals [{@code from}, {@code to}), which ends with {@code batch} (from {@link #pagedOut}): those of the batch
     * still paged out whose references {@code loaded} holds (the caller chose them), and those that paging brought
     * back into the heap since {@code from} was paged out (a page-in while the batch was read). Leaves their store
     * references to the caller.
     */
    List<QueueEntry> takeStretch(long from, long to, PagedIds batch, Map<Long, StoredReference> loaded,
                                 Predicate<QueueEntry> wanted) {
        AfterLock work = new AfterLock();
        TreeMap<Long, QueueEntry> byOrdinal = new TreeMap<>();
        synchronized (q.lock) {
            for (QueueEntry e : waitingWhere(w -> w.pagedOrdinal >= from && w.pagedOrdinal < to && wanted.test(w))) {
                byOrdinal.put(e.pagedOrdinal, e);
            }
            byOrdinal.values().forEach(e -> removeFromHeap(e, work));
            long[] ids = batch.ids();
            if (q.pager != null && ids.length > 0) {
                Set<Long> taken = q.pager.paged.remove(batch.ordinal(), ids.length, loaded.keySet());
                for (int i = 0; i < ids.length; i++) {
                    if (taken.contains(ids[i])) {
                        byOrdinal.put(batch.ordinal() + i, Pager.entry(loaded.get(ids[i])));
                    }
                }
            }
        }
        q.finish(work);
        return new ArrayList<>(byOrdinal.values());
    }

    /** Under the lock: the waiting entries that {@code accepted} takes, the ready ones in order, then the scheduled. */
    private List<QueueEntry> waitingWhere(Predicate<QueueEntry> accepted) {
        List<QueueEntry> out = new ArrayList<>();
        for (QueueEntry e = q.ready.first(); e != null; e = q.ready.next(e)) {
            if (accepted.test(e)) {
                out.add(e);
            }
        }
        for (QueueEntry e : q.timed.entries()) {
            if (accepted.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Under the lock: the ready or scheduled entry {@code messageId}, or null. */
    private QueueEntry findWaiting(long messageId) {
        for (QueueEntry e = q.ready.first(); e != null; e = q.ready.next(e)) {
            if (e.messageId == messageId) {
                return e;
            }
        }
        for (QueueEntry e : q.timed.entries()) {
            if (e.messageId == messageId) {
                return e;
            }
        }
        return null;
    }

    /** Under the lock: takes a ready or scheduled entry out for good (its store reference stays). */
    private void removeFromHeap(QueueEntry e, AfterLock work) {
        if (!q.timed.remove(e)) {
            q.ready.remove(e);
        }
        q.removeForGood(e, work, false);
    }

    /** Under the lock: why {@code messageId} cannot be taken. */
    private BrokerException notWaiting(long messageId) {
        for (QueueConsumer c : q.consumers.competing()) {
            for (QueueEntry e : c.unsettled.values()) {
                if (e.messageId == messageId) {
                    return new BrokerException(BrokerException.Kind.IN_USE, "message " + messageId + " of " + q
                            + " is delivered to a consumer and not yet settled; try again once it is");
                }
            }
        }
        return new BrokerException(BrokerException.Kind.NOT_FOUND, "message " + messageId + " is not waiting in "
                + q + "; browse the queue for the ids it holds");
    }

    /** What a purge removed, and when the store has forgotten it. */
    record Purge(long count, CompletionStage<Void> stored) {
    }

    /** Removes every ready, delayed and paged-out entry (not those in flight), in one store batch. */
    Purge purge() {
        AfterLock work = new AfterLock();
        List<QueueEntry> gone;
        long[] pagedOut;
        synchronized (q.lock) {
            gone = q.ready.removeAll();
            gone.addAll(q.timed.removeAll());
            for (QueueEntry e : gone) {
                q.removeForGood(e, work, false);
                q.tracer.event(q, e, MessageTrace.REMOVED, "by", "purge");
            }
            pagedOut = q.pager == null ? new long[0] : q.pager.clear();
        }
        StoreWork unstore = q.engine.storeWork();
        for (QueueEntry e : gone) {
            if (e.persisted) {
                unstore.batch().removeReference(q.name, e.messageId);
            }
        }
        for (long id : pagedOut) {
            unstore.batch().removeReference(q.name, id);
        }
        CompletionStage<Void> stored = unstore.isEmpty() ? StoreWork.DONE
                : q.engine.commitInBackground(unstore, "purge of " + q);
        q.finish(work);
        return new Purge(gone.size() + (long) pagedOut.length, stored);
    }
}
