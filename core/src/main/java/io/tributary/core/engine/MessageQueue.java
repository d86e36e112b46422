package io.tributary.core.engine;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.Delivery;
import io.tributary.core.MessageTrace;
import io.tributary.core.Outcome;
import io.tributary.core.store.StoredReference;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A queue: a plain queue address, or one subscription of a topic. Holds its entries (ready, delayed
 * and delivered-but-unsettled), its consumers, group bindings and memory use, and dispatches entries to
 * consumers within their credit.
 *
 * <p>Thread model: every field is guarded by {@code lock}. Dispatch runs on the queue's
 * {@link SerialExecutor} (one at a time, over the engine's shared pool): it picks a batch of
 * deliveries under the lock, then calls the sinks outside it. Settle, credit and consumer calls come
 * from any thread, change state under the lock and leave their follow-up work (store writes, dead
 * letters, dispatch requests) to {@link #finish(AfterLock)}, which runs after the lock is released.
 * So no sink, store or other queue is called while this lock is held.
 *
 * <p>Design note: the ready entries live in a {@link MessageContainer}; a persistent queue pages stored
 * entries beyond its memory budget out to the store and back in through its {@link Pager}, which feeds the
 * container like new arrivals, so dispatch does not know about paging. Browsers do: each follows the queue,
 * the paged-out part included, with its own {@link BrowseCursor}. What operators do (snapshots, browse, remove, move,
 * retry, purge) is in {@link QueueOperations} ({@link #operations}), which works on this state under the same lock;
 * the fields it uses are package-private for it and meant for no other class.
 */
final class MessageQueue {

    private static final int BATCH = 64;
    private static final int MAX_ROUNDS = 16;

    final String name;
    final AddressState address;
    /** The subscription this queue is, or null for a plain queue. */
    final SubscriptionInfo subscription;
    /** References of durable messages in this queue are kept in the store. */
    final boolean persistent;
    final Tracer tracer;
    final BrokerEngine engine;
    private final SerialExecutor serial;
    private final AtomicBoolean dispatchRequested = new AtomicBoolean();
    /** Dispatch paused for the store ({@link BrokerEngine#storeBehind}) and waits for it to catch up. */
    private final AtomicBoolean waitingForStore = new AtomicBoolean();

    final Object lock = new Object();
    final MessageContainer ready = new PriorityLists();
    final TimedEntries timed = new TimedEntries();
    final ConsumerSet consumers;
    private long seq;
    int inFlight;
    final MemoryBudget memory;
    /** Paging of stored entries beyond the memory budget; null for a queue that stores nothing. */
    final Pager pager;
    private boolean deleted;
    final QueueCounters counters = new QueueCounters();
    /** What operators do to this queue (snapshots, browse, remove, move, retry, purge). */
    final QueueOperations operations = new QueueOperations(this);

    MessageQueue(BrokerEngine engine, String name, AddressState address, SubscriptionInfo subscription,
                 boolean persistent) {
        this.engine = engine;
        this.name = name;
        this.address = address;
        this.subscription = subscription;
        this.persistent = persistent;
        this.tracer = engine.tracer();
        this.serial = new SerialExecutor(engine.pool(), "queue " + name);
        this.consumers = new ConsumerSet(name);
        this.memory = new MemoryBudget(address.settings.memoryBudgetBytes(), engine.globalMemory());
        this.pager = persistent ? new Pager(this, engine.pool(), engine.storeReads(), engine.store()) : null;
    }

    /** Its address's settings now (they may change at run time). */
    AddressSettings settings() {
        return address.settings;
    }

    /** Applies its address's memory budget after a change: producers held back may go on, paged entries come in. */
    void budgetChanged() {
        List<Runnable> wake;
        synchronized (lock) {
            wake = memory.budget(settings().memoryBudgetBytes());
        }
        if (wake != null) {
            wake.forEach(engine.pool()::execute);
        }
        if (pageInDue()) {
            pager.request();
        }
    }

    // ---------------------------------------------------------------- entries in

    /** Adds a routed entry. Answers false when the queue was deleted meanwhile (the entry is dropped). */
    boolean enqueue(QueueEntry e) {
        boolean dispatch;
        synchronized (lock) {
            if (deleted) {
                return false;
            }
            counters.enqueued.increment();
            if (pager != null && pager.pageOut(e, memory.used(), memory.budget(), engine.globalMemory())) {
                dispatch = consumers.anyBrowserCredit(); // a browser may be waiting at the end of the queue
            } else {
                dispatch = place(e);
            }
        }
        if (dispatch) {
            requestDispatch();
        }
        return true;
    }

    /** Recovery: whether entries now go to the store only (so the rest can be recovered by id, unread). */
    boolean pagingOut() {
        synchronized (lock) {
            return pager != null && pager.active();
        }
    }

    /**
     * Recovery: adds stored entries that stay paged out, by id, in order, without their messages (their size is
     * taken as the average of what is paged out). Only while {@link #pagingOut()}.
     */
    void enqueuePagedOut(long[] messageIds) {
        synchronized (lock) {
            for (long id : messageIds) {
                pager.pageOutUnread(id);
            }
        }
    }

    /** Under the lock: takes {@code e} into the heap; answers whether a dispatch may deliver it. */
    private boolean place(QueueEntry e) {
        e.seq = ++seq;
        memory.add(e.size(), pager == null || !e.persisted);
        trackExpiry(e);
        if (e.deliveryTime != 0 && e.deliveryTime > engine.now()) {
            addDelayed(e);
            return false;
        }
        e.deliveryTime = 0;
        ready.add(e);
        return consumers.wantsEntries();
    }

    /** Paging: the next page of paged-out entries to load, or null when none is due. */
    Pager.Page nextPage() {
        synchronized (lock) {
            return deleted || !pageInDue() ? null : pager.nextPage(memory.used(), memory.budget());
        }
    }

    /** Paging: whether a page-in would load something now. */
    boolean hasPageRoom() {
        synchronized (lock) {
            return !deleted && pageInDue();
        }
    }

    /**
     * Paged-out entries wait and the heap has drained to half its budget; while the broker is over its global
     * memory limit, only once the ready entries are all gone (so that consumers are still fed while they bring it
     * down). Under the lock, or without it as a hint (a page-in looks again under the lock).
     */
    private boolean pageInDue() {
        return pager != null && pager.active() && memory.used() <= memory.budget() / 2
                && (!engine.globalMemory().blocked() || ready.isEmpty());
    }

    /** Paging: takes a loaded page into the heap (unless a purge or delete came first). */
    void takePage(Pager.Page page, Map<Long, StoredReference> found) {
        boolean dispatch = false;
        synchronized (lock) {
            if (!deleted) {
                dispatch = pager.take(page, found, e -> place(Tracer.restored(settings(), e)));
            }
        }
        if (dispatch) {
            requestDispatch();
        }
    }

    /** Browsing: takes the entries a browser loaded from the store (unless the queue was deleted meanwhile). */
    void takeBrowsed(BrowseCursor cursor, BrowseCursor.Load load, Map<Long, StoredReference> found) {
        synchronized (lock) {
            if (deleted) {
                return;
            }
            cursor.take(load, found, pager.paged, engine.now());
        }
        requestDispatch();
    }

    private void trackExpiry(QueueEntry e) {
        if (timed.trackExpiry(e)) {
            engine.timers().watch(this, e.expiryTime);
        }
    }

    private void addDelayed(QueueEntry e) {
        e.owner = null;
        timed.delay(e);
        engine.timers().watch(this, e.deliveryTime);
    }

    private void putBack(QueueEntry e, AfterLock work) {
        e.owner = null;
        e.unmatchedEpoch = 0; // its delivery count or undeliverable set changed: evaluate afresh
        trackExpiry(e);
        ready.restore(e);
        work.dispatch = true;
    }

    void removeForGood(QueueEntry e, AfterLock work, boolean unstore) {
        e.removed = true;
        e.owner = null;
        List<Runnable> wake = memory.free(e.size());
        if (unstore && e.persisted) {
            work.unstore(e);
        }
        if (wake != null) {
            work.wake(wake);
        }
    }

    // ---------------------------------------------------------------- dispatch

    void requestDispatch() {
        if (dispatchRequested.compareAndSet(false, true)) {
            serial.execute(this::dispatch);
        }
    }

    private void dispatch() {
        dispatchRequested.set(false);
        if (persistent && engine.storeBehind()) {
            if (waitingForStore.compareAndSet(false, true)) { // consumers wait for the store (once per queue)
                engine.whenStoreCatchesUp(() -> {
                    waitingForStore.set(false);
                    requestDispatch();
                });
            }
            return;
        }
        AfterLock work;
        int rounds = 0;
        do {
            if (++rounds > MAX_ROUNDS) {
                requestDispatch(); // yield the pool thread to other queues, continue later
                return;
            }
            work = new AfterLock();
            synchronized (lock) {
                collect(work);
            }
            work.handOver();
            finish(work);
        } while (work.more);
    }

    private void collect(AfterLock work) {
        if (deleted) {
            return;
        }
        long now = engine.now();
        for (QueueEntry e = ready.first(); e != null && consumers.anyCredit(); ) {
            QueueEntry next = ready.next(e);
            if (e.expiredAt(now)) {
                ready.remove(e);
                removeForGood(e, work, false);
                work.expire(e);
                tracer.event(this, e, MessageTrace.EXPIRED, "to", settings().expiryAddress());
            } else if (e.unmatchedEpoch != consumers.epoch() && !timed.holdsBack(e)) {
                QueueConsumer c = consumers.pick(e);
                if (c != null) {
                    ready.remove(e);
                    deliver(c, e, work);
                    if (work.deliveryCount() >= BATCH) {
                        work.more = true;
                        return;
                    }
                } else if (e.groupId == null && consumers.allCredited()) {
                    e.unmatchedEpoch = consumers.epoch(); // no consumer wants it: skip until they change
                }
            }
            e = next;
        }
        for (QueueConsumer b : consumers.browsers()) {
            b.browsing.browse(ready, seq, pager == null ? null : pager.paged, consumers, work, BATCH);
        }
        if (work.deliveryCount() >= BATCH) {
            work.more = true;
            return;
        }
        consumers.finishDrains(work);
    }

    private void deliver(QueueConsumer c, QueueEntry e, AfterLock work) {
        consumers.useCredit(c);
        counters.delivered.increment();
        c.delivered++;
        c.lastDeliveryTime = engine.now();
        long id = ++c.lastDeliveryId;
        tracer.delivered(this, e, c, id);
        if (c.preSettled) {
            counters.acknowledged.increment();
            c.acknowledged++;
            c.lastAcknowledgementTime = c.lastDeliveryTime;
            removeForGood(e, work, true);
            work.deliver(c, new Delivery(id, e.message, e.deliveryCount, true));
        } else {
            e.owner = c;
            c.unsettled.put(id, e);
            inFlight++;
            work.deliver(c, new Delivery(id, e.message, e.deliveryCount, false));
        }
    }

    /** Does what an operation left for after the lock (except deliveries, which only dispatch makes). */
    void finish(AfterLock work) {
        if (work.deadLetters != null) {
            counters.deadLettered.add(work.deadLetters.size());
        }
        if (work.expired != null) {
            counters.expired.add(work.expired.size());
        }
        engine.router().afterQueueWork(this, work);
        if (work.wakeups != null) {
            work.wakeups.forEach(engine.pool()::execute);
        }
        if (work.dispatch) {
            requestDispatch();
        }
        if (pageInDue()) {
            pager.request();
        }
    }

    // ---------------------------------------------------------------- consumers

    void addConsumer(QueueConsumer c) {
        synchronized (lock) {
            if (deleted) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND,
                        "queue " + name + " was deleted; open the consumer on an existing address");
            }
            consumers.add(c);
        }
    }

    /** Removes a consumer, releasing its unsettled deliveries; answers how many consumers remain. */
    int removeConsumer(QueueConsumer c) {
        AfterLock work = new AfterLock();
        int remaining;
        synchronized (lock) {
            c.closed = true;
            if (consumers.remove(c)) {
                for (QueueEntry e : c.unsettled.values()) {
                    inFlight--;
                    putBack(e, work);
                }
                c.unsettled.clear();
            }
            remaining = consumers.size();
        }
        finish(work);
        return remaining;
    }

    void addCredit(QueueConsumer c, int credit) {
        synchronized (lock) {
            checkOpen(c);
            consumers.addCredit(c, credit);
        }
        requestDispatch();
    }

    int credit(QueueConsumer c) {
        synchronized (lock) {
            return c.credit;
        }
    }

    void drain(QueueConsumer c) {
        synchronized (lock) {
            checkOpen(c);
            c.draining = true;
        }
        requestDispatch();
    }

    private void checkOpen(QueueConsumer c) {
        if (c.closed) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "consumer on queue " + name
                    + " is closed; open a new consumer");
        }
    }

    int consumerCount() {
        synchronized (lock) {
            return consumers.size();
        }
    }

    long messageCount() {
        synchronized (lock) {
            return (long) ready.size() + timed.size() + inFlight + (pager == null ? 0 : pager.paged.count());
        }
    }

    // ---------------------------------------------------------------- settlement

    /**
     * Settles a delivery outside a transaction, or takes it out of the consumer for {@code tx}: it then
     * stays invisible until {@link #applyHeld} or {@link #rollBackHeld}.
     */
    QueueEntry settle(QueueConsumer c, long deliveryId, Outcome outcome, boolean transacted) {
        AfterLock work = new AfterLock();
        QueueEntry e;
        synchronized (lock) {
            e = c.unsettled.remove(deliveryId);
            if (e == null) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "consumer on queue " + name
                        + ": delivery " + deliveryId + " is not outstanding (never delivered, already settled or"
                        + (c.closed ? " the consumer is closed)" : " released)") + "; settle each delivery once");
            }
            if (!transacted) {
                apply(e, outcome, c, work, false);
            }
        }
        finish(work);
        return e;
    }

    /** Applies a settlement a committed transaction held; {@code unstored} when the commit removed it. */
    void applyHeld(QueueEntry e, Outcome outcome, QueueConsumer c, boolean unstored) {
        AfterLock work = new AfterLock();
        synchronized (lock) {
            if (deleted || e.removed) {
                return;
            }
            apply(e, outcome, c, work, unstored);
        }
        finish(work);
    }

    /** A rolled back settlement: redelivered with its delivery count incremented. */
    void rollBackHeld(QueueEntry e) {
        AfterLock work = new AfterLock();
        synchronized (lock) {
            if (deleted || e.removed) {
                return;
            }
            inFlight--;
            tracer.event(this, e, MessageTrace.SETTLED, "outcome", "rolled back");
            failed(e, work);
        }
        finish(work);
    }

    private void apply(QueueEntry e, Outcome outcome, QueueConsumer c, AfterLock work, boolean unstored) {
        inFlight--;
        if (e.traced) { // the outcome's name is made only for a traced entry: this runs for every settlement
            tracer.event(this, e, MessageTrace.SETTLED, "outcome", outcome.type().name().toLowerCase(Locale.ROOT));
        }
        switch (outcome.type()) {
            case ACCEPTED -> {
                counters.acknowledged.increment();
                if (c != null) {
                    c.acknowledged++;
                    c.lastAcknowledgementTime = engine.now();
                }
                removeForGood(e, work, !unstored);
            }
            case RELEASED -> putBack(e, work);
            case REJECTED -> {
                removeForGood(e, work, false);
                work.deadLetter(e);
                tracer.event(this, e, MessageTrace.DEAD_LETTERED, "reason", "rejected", "to", deadLetterAddress());
            }
            case MODIFIED -> {
                if (outcome.undeliverableHere() && c != null) {
                    e.markUndeliverableTo(c);
                    consumers.unbindGroup(e.groupId, c);
                }
                if (outcome.deliveryFailed()) {
                    failed(e, work);
                } else {
                    putBack(e, work);
                }
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome);
        }
    }

    private void failed(QueueEntry e, AfterLock work) {
        e.deliveryCount++;
        int max = settings().maxDeliveryAttempts();
        if (max > 0 && e.deliveryCount >= max) {
            removeForGood(e, work, false);
            work.deadLetter(e);
            tracer.event(this, e, MessageTrace.DEAD_LETTERED, "reason", "max delivery attempts (" + max + ")", "to",
                    deadLetterAddress());
            return;
        }
        if (e.persisted) {
            work.recount(e);
        }
        long delay = redeliveryDelay(e.deliveryCount);
        if (delay > 0) {
            e.deliveryTime = engine.now() + delay;
            addDelayed(e);
            tracer.event(this, e, MessageTrace.REDELIVERY_DELAYED, "until", Instant.ofEpochMilli(e.deliveryTime)
                    .toString(), "deliveryCount", (long) e.deliveryCount);
        } else {
            putBack(e, work);
        }
    }

    private String deadLetterAddress() {
        return settings().deadLetterAddressFor(address.name);
    }

    /** The wait before attempt {@code count + 1}: delay x multiplier^(count-1), capped. */
    private long redeliveryDelay(int count) {
        AddressSettings settings = settings();
        long base = settings.redeliveryDelay().toMillis();
        if (base == 0) {
            return 0;
        }
        double d = base * Math.pow(settings.redeliveryMultiplier(), Math.max(0, count - 1));
        return (long) Math.min(d, (double) settings.maxRedeliveryDelay().toMillis());
    }

    // ---------------------------------------------------------------- timers, purge, delete, flow control

    /**
     * Makes due delayed entries ready and expires what is past its time. Called by {@link Timers}; answers the
     * queue's next deadline (engine-clock millis, {@code Long.MAX_VALUE} when nothing timed is left).
     */
    long processDue(long now) {
        AfterLock work = new AfterLock();
        long next;
        synchronized (lock) {
            for (QueueEntry e : timed.pollDue(now)) {
                putBack(e, work);
            }
            if (timed.expiryDue(now)) {
                expireReady(now, work);
            }
            if (timed.idle()) {
                engine.timers().unwatch(this);
            }
            next = timed.nextDeadline();
        }
        finish(work);
        return next;
    }

    private void expireReady(long now, AfterLock work) {
        long earliest = Long.MAX_VALUE;
        for (QueueEntry e = ready.first(); e != null; ) {
            QueueEntry next = ready.next(e);
            if (e.expiredAt(now)) {
                ready.remove(e);
                removeForGood(e, work, false);
                work.expire(e);
                tracer.event(this, e, MessageTrace.EXPIRED, "to", settings().expiryAddress());
            } else if (e.expiryTime != 0) {
                earliest = Math.min(earliest, e.expiryTime);
            }
            e = next;
        }
        timed.rescanned(earliest);
    }

    /** Deletes the queue: drops its entries and closes its consumers with {@code cause}. */
    void delete(BrokerException cause) {
        List<QueueConsumer> closing;
        List<Runnable> waiters;
        synchronized (lock) {
            deleted = true;
            closing = consumers.clear();
            for (QueueConsumer c : closing) {
                c.closed = true;
                c.unsettled.clear();
            }
            ready.removeAll();
            timed.removeAll();
            if (pager != null) {
                pager.clear();
            }
            inFlight = 0;
            waiters = memory.reset(0);
            engine.timers().unwatch(this);
        }
        serial.execute(() -> closing.forEach(c -> c.closedBySink(cause)));
        if (waiters != null) {
            waiters.forEach(engine.pool()::execute);
        }
    }

    boolean deleted() {
        synchronized (lock) {
            return deleted;
        }
    }

    boolean overBudget() {
        return memory.over();
    }

    /** Registers {@code task} to run once the queue is under budget; false (not registered) if it is now. */
    boolean whenUnderBudget(Runnable task) {
        synchronized (lock) {
            return memory.await(task);
        }
    }

    /** For logs: the name as {@link ClientText#safe} shows it, since a client may have named the queue. */
    @Override
    public String toString() {
        return "queue " + ClientText.safe(name);
    }
}
