package io.tributary.core.engine;

import io.tributary.core.Delivery;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StoredReference;
import java.util.ArrayDeque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one browser is in its queue. A browser sees the queue in order, each entry once: the entries in the heap
 * when it looks (a snapshot, in dispatch order), then the entries paged out to the store, in arrival order and
 * loaded a few hundred at a time, then whatever came since, until the queue holds nothing it has not seen.
 *
 * <p>Design note: the paged-out entries are followed by their ordinals (see {@link PagedOut}): the cursor is the
 * ordinal of the next paged-out entry to browse. An entry that paging loads back into the heap keeps its ordinal
 * ({@link QueueEntry#pagedOrdinal}); a heap snapshot skips the ones below the cursor, which were browsed from the
 * store, and a load starts at the cursor or at the head of what is still paged out, whichever is later (what lies
 * between was paged back in, so a snapshot has it). A load moves the cursor past its ids when it starts, and the
 * heap is looked at again only once no load is in flight and its entries are browsed, so nothing is seen twice or
 * out of order. Loaded entries are copies, not the queue's: one consumed while the browser holds it may still be
 * browsed, as if the browser had looked a moment earlier.
 *
 * <p>Thread model: the state is guarded by the queue's lock, like the browser's other fields. A load reads the store
 * on a store-read thread ({@link StoreReads}) without that lock, one at a time per browser, and hands its result
 * back through {@link MessageQueue#takeBrowsed}, which takes the lock and asks for a dispatch. A failed load is
 * retried every second (logged once) until it works or the browser closes; until then the browser's drain stays
 * open.
 */
final class BrowseCursor {

    private static final Logger LOG = LoggerFactory.getLogger(BrowseCursor.class);
    /** Most entries one load reads. */
    static final int MAX_LOAD = 256;
    /** Most message bytes one load reads, by the paged-out entries' average size. */
    static final long MAX_LOAD_BYTES = 1024 * 1024;

    /** The ids one load reads, and the paged-out content's generation when they were picked. */
    record Load(long[] ids, long generation) {
    }

    private final QueueConsumer browser;
    private final StoreReads reads;
    private final MessageStore store;
    /** Heap entries not browsed yet, in dispatch order. */
    private final ArrayDeque<QueueEntry> snapshot = new ArrayDeque<>();
    /** The queue's sequence number up to which heap entries were considered for a snapshot. */
    private long browsedUpTo;
    /** The ordinal of the next paged-out entry to browse. */
    private long cursor;
    /** Loaded paged-out entries that the browser accepts and has not browsed yet. */
    private final ArrayDeque<QueueEntry> loaded = new ArrayDeque<>();
    private long loadedGeneration;
    /** The load in flight or waiting for its retry, or null. */
    private Load loading;
    /** The last load failed (touched by the load task only, which runs one at a time). */
    private volatile boolean failing;

    BrowseCursor(QueueConsumer browser, StoreReads reads, MessageStore store) {
        this.browser = browser;
        this.reads = reads;
        this.store = store;
    }

    /**
     * Under the queue lock: hands the browser copies of the entries it has not seen, within its credit, until
     * {@code work} holds {@code batch} deliveries. {@code ready} holds the queue's heap entries, numbered up to
     * {@code seq}; {@code paged} its paged-out ones (null for a queue that pages nothing).
     */
    void browse(MessageContainer ready, long seq, PagedOut paged, ConsumerSet consumers, AfterLock work, int batch) {
        while (browser.credit > 0 && work.deliveryCount() < batch) {
            QueueEntry e = next(ready, seq, paged);
            if (e == null) {
                return;
            }
            consumers.useCredit(browser);
            work.deliver(browser, new Delivery(++browser.lastDeliveryId, e.message, e.deliveryCount, true));
        }
    }

    /**
     * The next entry to browse, or null when there is none now. May start a load of paged-out entries; the queue
     * dispatches again when it completes.
     */
    private QueueEntry next(MessageContainer ready, long seq, PagedOut paged) {
        QueueEntry e = fromSnapshot();
        if (e == null) {
            e = fromLoaded(paged);
        }
        if (e != null || loading != null) {
            return e;
        }
        if (seq > browsedUpTo) {
            takeSnapshot(ready, seq);
            e = fromSnapshot();
        }
        if (e == null && paged != null) {
            startLoad(paged);
        }
        return e;
    }

    /** Under the queue lock: a load is in flight, so the browser has not seen everything yet. */
    boolean loading() {
        return loading != null;
    }

    private QueueEntry fromSnapshot() {
        QueueEntry e;
        while ((e = snapshot.poll()) != null) {
            if (!e.removed) {
                return e;
            }
        }
        return null;
    }

    private QueueEntry fromLoaded(PagedOut paged) {
        if (!loaded.isEmpty() && paged.generation() != loadedGeneration) {
            loaded.clear(); // purged meanwhile
        }
        return loaded.poll();
    }

    private void takeSnapshot(MessageContainer ready, long seq) {
        for (QueueEntry r = ready.first(); r != null; r = ready.next(r)) {
            boolean browsedFromStore = r.pagedOrdinal >= 0 && r.pagedOrdinal < cursor;
            if (r.seq > browsedUpTo && !browsedFromStore && browser.accepts(r)) {
                snapshot.add(r);
            }
        }
        browsedUpTo = seq;
    }

    private void startLoad(PagedOut paged) {
        long from = Math.max(cursor, paged.headOrdinal());
        int n = (int) Math.max(1, Math.min(MAX_LOAD, MAX_LOAD_BYTES / paged.averageSize()));
        long[] ids = paged.from(from, n);
        if (ids.length == 0) {
            return;
        }
        cursor = from + ids.length;
        Load load = new Load(ids, paged.generation());
        loading = load;
        reads.execute(() -> load(load));
    }

    /** On a store-read thread, without the lock: reads the load's entries and hands them to the queue. */
    private void load(Load load) {
        if (browser.closed) {
            return;
        }
        Map<Long, StoredReference> found;
        try {
            found = Pager.load(store, browser.queue.name, load.ids());
        } catch (RuntimeException failure) {
            if (!failing) {
                LOG.warn("{}: a browser could not read paged-out messages, retrying every second: {}",
                        browser.queue, failure.toString());
            }
            failing = true;
            reads.later(() -> load(load));
            return;
        }
        if (failing) {
            LOG.info("{}: a browser reads paged-out messages again", browser.queue);
            failing = false;
        }
        browser.queue.takeBrowsed(this, load, found);
    }

    /**
     * Under the queue lock: keeps the loaded entries the browser accepts, in the order of the load's ids, like a
     * heap snapshot would: without those not due yet (scheduled) or expired. An id not found is gone (consumed or
     * purged). Keeps none when the paged-out content was purged since the load started or the browser closed.
     */
    void take(Load load, Map<Long, StoredReference> found, PagedOut paged, long now) {
        if (loading != load) {
            return;
        }
        loading = null;
        if (browser.closed || paged.generation() != load.generation()) {
            return;
        }
        for (long id : load.ids()) {
            StoredReference r = found.get(id);
            if (r != null && r.deliveryTime() <= now && !paged.removed(id)) {
                QueueEntry e = Pager.entry(r);
                if (!e.expiredAt(now) && browser.accepts(e)) {
                    loaded.add(e);
                }
            }
        }
        loadedGeneration = load.generation();
    }
}
