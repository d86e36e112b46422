package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.message.Message;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StoredReference;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paging of one persistent queue: once the queue's heap entries would exceed its memory budget (or the broker's
 * would exceed its {@link GlobalMemory} limit), every further stored entry stays only in the store (its id is
 * kept in {@link PagedOut}, in arrival order) until the heap has drained to half the budget; then a page of the
 * oldest paged-out entries is loaded back, in arrival order. While the broker is over its global limit, a page
 * is loaded only when the queue has no ready entry left.
 *
 * <p>Design note: while anything is paged out, new stored entries are paged out too, even if the heap has room,
 * so that the queue stays first-in first-out. Priority orders only what is in the heap. Non-durable entries
 * cannot be paged; they stay in the heap and count against the budget as before.
 *
 * <p>Thread model: {@link #paged}, {@link #tracedFromElsewhere} and the methods marked "under the queue lock" are
 * guarded by the owning {@link MessageQueue}'s lock; a page-in runs on a store-read thread ({@link StoreReads}, never
 * the dispatch pool), loading from the store without that lock, one at a time ({@link #requested}).
 */
final class Pager {

    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);
    /** Most entries one page-in loads. */
    static final int MAX_PAGE = 1000;
    /** Most message bytes one page-in loads (the database and driver hold copies while it runs). */
    static final long MAX_PAGE_BYTES = 4L * 1024 * 1024;

    /** The ids to load next, and the paged-out content's generation when they were picked. */
    record Page(long[] ids, long generation) {
    }

    final PagedOut paged = new PagedOut();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final MessageQueue queue;
    private final Executor pool;
    private final Executor reads;
    private final MessageStore store;
    /**
     * The paged-out entries that are traced though this queue's own tracing would not say so (they came traced from
     * another address: dead letter, expiry, move, retry), so that they stay traced when they are paged in.
     */
    private final Set<Long> tracedFromElsewhere = new HashSet<>();
    private volatile boolean active;
    /** A page-in failed and has not succeeded since (page-in runs one at a time). */
    private boolean failing;

    Pager(MessageQueue queue, Executor pool, Executor reads, MessageStore store) {
        this.queue = queue;
        this.pool = pool;
        this.reads = reads;
        this.store = store;
    }

    /**
     * Under the queue lock: pages {@code e} out when it must (the queue's heap would go over its budget, or the
     * broker's over its global limit); answers whether it did.
     */
    boolean pageOut(QueueEntry e, long memory, long budget, GlobalMemory global) {
        if (!e.persisted || (paged.isEmpty() && memory + e.size() <= budget && !global.full(e.size()))) {
            return false;
        }
        paged.add(e.messageId, e.size());
        if (e.traced && !Tracer.sampled(queue.settings().tracing(), e.message, e.messageId)) {
            tracedFromElsewhere.add(e.messageId);
        }
        active = true;
        return true;
    }

    /**
     * Under the queue lock: pages out an entry that recovery did not read, after entries it did (so that
     * {@link PagedOut} knows their average size).
     */
    void pageOutUnread(long messageId) {
        paged.add(messageId, (int) Math.min(Integer.MAX_VALUE, paged.averageSize()));
        active = true;
    }

    /** True while entries are paged out (a cheap check without the lock). */
    boolean active() {
        return active;
    }

    /** Under the queue lock: the next page for the room left in the budget, or null when nothing is paged out. */
    Page nextPage(long memory, long budget) {
        if (paged.isEmpty()) {
            return null;
        }
        long room = Math.min(MAX_PAGE_BYTES, budget - memory);
        int n = (int) Math.max(1, Math.min(MAX_PAGE, room / paged.averageSize()));
        return new Page(paged.first(n), paged.generation());
    }

    /**
     * Under the queue lock: puts the loaded entries of {@code page} into the heap through {@code place}, in
     * arrival order (but not those an operator took out meanwhile), and drops their ids; answers whether
     * {@code place} asked for a dispatch. Does nothing when the paged-out content was dropped (purge) after the page
     * was picked.
     */
    boolean take(Page page, Map<Long, StoredReference> found, Predicate<QueueEntry> place) {
        if (paged.generation() != page.generation()) {
            return false;
        }
        boolean dispatch = false;
        long bytes = 0;
        long[] ids = page.ids();
        for (int i = 0; i < ids.length; i++) {
            StoredReference r = found.get(ids[i]);
            boolean traced = !tracedFromElsewhere.isEmpty() && tracedFromElsewhere.remove(ids[i]);
            if (r != null && !paged.removed(ids[i])) {
                QueueEntry e = entry(r);
                e.traced = traced; // place adds what this queue's own tracing says (Tracer.restored)
                e.pagedOrdinal = paged.headOrdinal() + i;
                bytes += e.size();
                dispatch |= place.test(e);
            }
        }
        paged.removeFirst(ids.length, bytes);
        active = !paged.isEmpty();
        return dispatch;
    }

    /** A queue entry for a reference loaded from the store. */
    static QueueEntry entry(StoredReference r) {
        return new QueueEntry(r.messageId(), Message.wrap(r.encoded()), r.deliveryCount(), r.deliveryTime(),
                r.expiryTime(), true);
    }

    /** Under the queue lock: forgets every paged-out entry; answers their ids. */
    long[] clear() {
        active = false;
        tracedFromElsewhere.clear();
        return paged.clear();
    }

    /** Starts a page-in unless one runs; it loads only if the queue has room. */
    void request() {
        if (requested.compareAndSet(false, true)) {
            reads.execute(this::pageIn);
        }
    }

    private void pageIn() {
        Page page = queue.nextPage();
        if (page == null) {
            requested.set(false);
            // Room may have come between nextPage and clearing the flag: the finish() that made it found the
            // flag still set and did not ask, and may have been the queue's last operation for a while.
            if (queue.hasPageRoom()) {
                request();
            }
            return;
        }
        Map<Long, StoredReference> found;
        try {
            found = load(store, queue.name, page.ids());
        } catch (BrokerException failure) {
            if (!failing) {
                LOG.warn("{}: paging in failed, retrying every second: {}", queue, failure.getMessage());
            }
            failing = true;
            requested.set(false);
            CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, pool).execute(this::request);
            return;
        }
        if (failing) {
            LOG.info("{}: paging in works again", queue);
            failing = false;
        }
        queue.takePage(page, found);
        requested.set(false);
        if (active) {
            request();
        }
    }

    /**
     * Loads the references with these ids from the store, keyed by id; an id that is not found is gone (for
     * example purged). Store I/O: call without the queue lock.
     */
    static Map<Long, StoredReference> load(MessageStore store, String queue, long[] ids) {
        Set<Long> wanted = new HashSet<>();
        long after = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long id : ids) {
            wanted.add(id);
            after = Math.min(after, id - 1);
            last = Math.max(last, id);
        }
        Map<Long, StoredReference> found = new HashMap<>();
        int limit = ids.length + 16;
        while (found.size() < wanted.size() && after < last) {
            List<StoredReference> refs = store.loadReferences(queue, after, limit);
            for (StoredReference r : refs) {
                if (r.messageId() <= last && wanted.contains(r.messageId())) {
                    found.put(r.messageId(), r);
                }
                after = r.messageId();
            }
            if (refs.size() < limit) {
                break;
            }
        }
        return found;
    }
}
