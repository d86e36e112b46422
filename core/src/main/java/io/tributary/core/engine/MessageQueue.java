package io.tributary.core.engine;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.store.StoredReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
 * <p>Design note: the ready entries live in a {@link MessageContainer} so that paging can replace the
 * in-heap {@link PriorityLists} without touching dispatch.
 */
final class MessageQueue {

    private static final int BATCH = 64;

    final String name;
    final AddressState address;
    /** The subscription this queue is, or null for a plain queue. */
    final SubscriptionInfo subscription;
    /** References of durable messages in this queue are kept in the store. */
    final boolean persistent;
    final AddressSettings settings;
    private final BrokerEngine engine;
    private final SerialExecutor serial;
    private final AtomicBoolean dispatchRequested = new AtomicBoolean();

    private final Object lock = new Object();
    private final MessageContainer ready = new PriorityLists();
    /** Paging of stored entries beyond the memory budget; null for a queue that stores nothing. */
    private final Pager pager;
    private final PriorityQueue<QueueEntry> delayed = new PriorityQueue<>(
            Comparator.<QueueEntry>comparingLong(e -> e.deliveryTime).thenComparingLong(e -> e.seq));
    private final Map<String, Integer> delayedGroups = new HashMap<>();
    private final Map<String, QueueConsumer> groups = new HashMap<>();
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final List<QueueConsumer> browsers = new ArrayList<>();
    private final List<Runnable> writableWaiters = new ArrayList<>();
    private QueueConsumer exclusiveConsumer;
    private long seq;
    private long memory;
    private int inFlight;
    private int withCredit;
    private int roundRobin;
    private long earliestExpiry = Long.MAX_VALUE;
    private boolean deleted;
    private volatile boolean overBudget;

    MessageQueue(BrokerEngine engine, String name, AddressState address, SubscriptionInfo subscription,
                 boolean persistent) {
        this.engine = engine;
        this.name = name;
        this.address = address;
        this.subscription = subscription;
        this.persistent = persistent;
        this.settings = address.settings;
        this.serial = new SerialExecutor(engine.pool(), "queue " + name);
        this.pager = persistent ? new Pager(this, engine.pool(), engine.store()) : null;
    }

    // ---------------------------------------------------------------- entries in

    /** Adds a routed entry. Answers false when the queue was deleted meanwhile (the entry is dropped). */
    boolean enqueue(QueueEntry e) {
        boolean dispatch;
        synchronized (lock) {
            if (deleted) {
                return false;
            }
            if (pager != null && pager.pageOut(e, memory, settings.memoryBudgetBytes())) {
                return true;
            }
            dispatch = place(e);
        }
        if (dispatch) {
            requestDispatch();
        }
        return true;
    }

    /** Under the lock: takes {@code e} into the heap; answers whether a dispatch may deliver it. */
    private boolean place(QueueEntry e) {
        e.seq = ++seq;
        memory += e.size();
        if (memory > settings.memoryBudgetBytes() && (pager == null || !e.persisted)) {
            overBudget = true;
        }
        trackExpiry(e);
        if (e.deliveryTime != 0 && e.deliveryTime > engine.now()) {
            addDelayed(e);
            return false;
        }
        e.deliveryTime = 0;
        ready.add(e);
        return withCredit > 0 || !browsers.isEmpty();
    }

    /** Paging: the next page of paged-out entries to load, or null when none is due. */
    Pager.Page nextPage() {
        synchronized (lock) {
            long budget = settings.memoryBudgetBytes();
            return deleted || memory > budget / 2 ? null : pager.nextPage(memory, budget);
        }
    }

    /** Paging: takes a loaded page into the heap (unless a purge or delete came first). */
    void takePage(Pager.Page page, Map<Long, StoredReference> found) {
        boolean dispatch = false;
        synchronized (lock) {
            if (!deleted) {
                dispatch = pager.take(page, found, this::place);
            }
        }
        if (dispatch) {
            requestDispatch();
        }
    }

    private void trackExpiry(QueueEntry e) {
        if (e.expiryTime != 0 && e.expiryTime < earliestExpiry) {
            earliestExpiry = e.expiryTime;
            engine.timers().watch(this);
        }
    }

    private void addDelayed(QueueEntry e) {
        delayed.add(e);
        if (e.groupId != null) {
            delayedGroups.merge(e.groupId, 1, Integer::sum);
        }
        engine.timers().watch(this);
    }

    private void putBack(QueueEntry e, AfterLock work) {
        e.owner = null;
        trackExpiry(e);
        ready.restore(e);
        work.dispatch = true;
    }

    private void removeForGood(QueueEntry e, AfterLock work, boolean unstore) {
        e.removed = true;
        e.owner = null;
        memory -= e.size();
        if (unstore && e.persisted) {
            work.unstore(e);
        }
        if (overBudget && memory <= settings.memoryBudgetBytes()) {
            overBudget = false;
            if (!writableWaiters.isEmpty()) {
                work.wake(new ArrayList<>(writableWaiters));
                writableWaiters.clear();
            }
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
        AfterLock work;
        do {
            work = new AfterLock();
            synchronized (lock) {
                collect(work);
            }
            for (int i = 0; i < work.deliveryCount(); i++) {
                work.targets.get(i).deliverToSink(work.deliveries.get(i));
            }
            if (work.drained != null) {
                work.drained.forEach(QueueConsumer::drainedToSink);
            }
            finish(work);
        } while (work.more);
    }

    private void collect(AfterLock work) {
        if (deleted) {
            return;
        }
        long now = engine.now();
        for (QueueEntry e = ready.first(); e != null && withCredit > 0; ) {
            QueueEntry next = ready.next(e);
            if (e.expiredAt(now)) {
                ready.remove(e);
                removeForGood(e, work, false);
                work.expire(e);
            } else if (e.groupId == null || !delayedGroups.containsKey(e.groupId)) {
                QueueConsumer c = pick(e);
                if (c != null) {
                    ready.remove(e);
                    deliver(c, e, work);
                    if (work.deliveryCount() >= BATCH) {
                        work.more = true;
                        return;
                    }
                }
            }
            e = next;
        }
        for (QueueConsumer b : browsers) {
            browse(b, work);
        }
        if (work.deliveryCount() >= BATCH) {
            work.more = true;
            return;
        }
        drains(consumers, work);
        drains(browsers, work);
    }

    private QueueConsumer pick(QueueEntry e) {
        if (e.groupId != null) {
            QueueConsumer bound = groups.get(e.groupId);
            if (bound != null) {
                return bound.credit > 0 && bound.accepts(e) ? bound : null;
            }
        }
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            int index = (roundRobin + i) % n;
            QueueConsumer c = consumers.get(index);
            if (c.credit > 0 && c.accepts(e)) {
                roundRobin = index + 1;
                if (e.groupId != null) {
                    groups.put(e.groupId, c);
                }
                return c;
            }
        }
        return null;
    }

    private void deliver(QueueConsumer c, QueueEntry e, AfterLock work) {
        useCredit(c);
        long id = ++c.lastDeliveryId;
        if (c.preSettled) {
            removeForGood(e, work, true);
            work.deliver(c, new Delivery(id, e.message, e.deliveryCount, true));
        } else {
            e.owner = c;
            c.unsettled.put(id, e);
            inFlight++;
            work.deliver(c, new Delivery(id, e.message, e.deliveryCount, false));
        }
    }

    private void useCredit(QueueConsumer c) {
        c.credit--;
        if (c.credit == 0 && !c.browse) {
            withCredit--;
        }
    }

    private void browse(QueueConsumer b, AfterLock work) {
        while (b.credit > 0 && work.deliveryCount() < BATCH) {
            QueueEntry e = b.nextBrowsed();
            if (e == null && seq > b.browsedUpTo) {
                List<QueueEntry> fresh = new ArrayList<>();
                for (QueueEntry r = ready.first(); r != null; r = ready.next(r)) {
                    if (r.seq > b.browsedUpTo && b.accepts(r)) {
                        fresh.add(r);
                    }
                }
                b.browsedUpTo = seq;
                b.browseSnapshot.addAll(fresh);
                e = b.nextBrowsed();
            }
            if (e == null) {
                return;
            }
            useCredit(b);
            work.deliver(b, new Delivery(++b.lastDeliveryId, e.message, e.deliveryCount, true));
        }
    }

    private void drains(List<QueueConsumer> list, AfterLock work) {
        for (QueueConsumer c : list) {
            if (c.draining) {
                c.draining = false;
                if (c.credit > 0 && !c.browse) {
                    withCredit--;
                }
                c.credit = 0;
                work.drained(c);
            }
        }
    }

    /** Does what an operation left for after the lock (except deliveries, which only dispatch makes). */
    void finish(AfterLock work) {
        engine.router().afterQueueWork(this, work);
        if (work.wakeups != null) {
            work.wakeups.forEach(engine.pool()::execute);
        }
        if (work.dispatch) {
            requestDispatch();
        }
        if (pager != null && pager.active()) {
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
            if (c.browse) {
                browsers.add(c);
                return;
            }
            if (exclusiveConsumer != null) {
                throw new BrokerException(BrokerException.Kind.IN_USE, "queue " + name
                        + " has an exclusive consumer; wait until it closes");
            }
            if (c.exclusive && !consumers.isEmpty()) {
                throw new BrokerException(BrokerException.Kind.IN_USE, "queue " + name + " has "
                        + consumers.size() + " consumer(s) already; an exclusive consumer must be the only one");
            }
            consumers.add(c);
            if (c.exclusive) {
                exclusiveConsumer = c;
            }
        }
    }

    /** Removes a consumer, releasing its unsettled deliveries; answers how many consumers remain. */
    int removeConsumer(QueueConsumer c) {
        AfterLock work = new AfterLock();
        int remaining;
        synchronized (lock) {
            c.closed = true;
            boolean present = c.browse ? browsers.remove(c) : consumers.remove(c);
            if (present) {
                if (c.credit > 0 && !c.browse) {
                    withCredit--;
                }
                c.credit = 0;
                if (exclusiveConsumer == c) {
                    exclusiveConsumer = null;
                }
                groups.values().removeIf(bound -> bound == c);
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
            boolean had = c.credit > 0;
            c.credit = (int) Math.min(Integer.MAX_VALUE, (long) c.credit + credit);
            if (!had && c.credit > 0 && !c.browse) {
                withCredit++;
            }
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
            return (long) ready.size() + delayed.size() + inFlight + (pager == null ? 0 : pager.paged.size());
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
            failed(e, work);
        }
        finish(work);
    }

    private void apply(QueueEntry e, Outcome outcome, QueueConsumer c, AfterLock work, boolean unstored) {
        inFlight--;
        switch (outcome.type()) {
            case ACCEPTED -> removeForGood(e, work, !unstored);
            case RELEASED -> putBack(e, work);
            case REJECTED -> {
                removeForGood(e, work, false);
                work.deadLetter(e);
            }
            case MODIFIED -> {
                if (outcome.undeliverableHere() && c != null) {
                    e.markUndeliverableTo(c);
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
        int max = settings.maxDeliveryAttempts();
        if (max > 0 && e.deliveryCount >= max) {
            removeForGood(e, work, false);
            work.deadLetter(e);
            return;
        }
        if (e.persisted) {
            work.recount(e);
        }
        long delay = redeliveryDelay(e.deliveryCount);
        if (delay > 0) {
            e.owner = null;
            e.deliveryTime = engine.now() + delay;
            addDelayed(e);
        } else {
            putBack(e, work);
        }
    }

    /** The wait before attempt {@code count + 1}: delay x multiplier^(count-1), capped. */
    private long redeliveryDelay(int count) {
        long base = settings.redeliveryDelay().toMillis();
        if (base == 0) {
            return 0;
        }
        double d = base * Math.pow(settings.redeliveryMultiplier(), Math.max(0, count - 1));
        return (long) Math.min(d, (double) settings.maxRedeliveryDelay().toMillis());
    }

    // ---------------------------------------------------------------- timers, purge, delete, flow control

    /** Makes due delayed entries ready and expires what is past its time. Called by {@link Timers}. */
    void processDue(long now) {
        AfterLock work = new AfterLock();
        synchronized (lock) {
            while (!delayed.isEmpty() && delayed.peek().deliveryTime <= now) {
                QueueEntry e = delayed.poll();
                e.deliveryTime = 0;
                if (e.groupId != null) {
                    delayedGroups.computeIfPresent(e.groupId, (g, n) -> n <= 1 ? null : n - 1);
                }
                putBack(e, work);
            }
            if (now >= earliestExpiry) {
                expireReady(now, work);
            }
            if (delayed.isEmpty() && earliestExpiry == Long.MAX_VALUE) {
                engine.timers().unwatch(this);
            }
        }
        finish(work);
    }

    private void expireReady(long now, AfterLock work) {
        long earliest = Long.MAX_VALUE;
        for (QueueEntry e = ready.first(); e != null; ) {
            QueueEntry next = ready.next(e);
            if (e.expiredAt(now)) {
                ready.remove(e);
                removeForGood(e, work, false);
                work.expire(e);
            } else if (e.expiryTime != 0) {
                earliest = Math.min(earliest, e.expiryTime);
            }
            e = next;
        }
        for (QueueEntry e : delayed) {
            if (e.expiryTime != 0) {
                earliest = Math.min(earliest, e.expiryTime);
            }
        }
        earliestExpiry = earliest;
    }

    /** Removes every ready, delayed and paged-out entry; answers how many. */
    long purge() {
        AfterLock work = new AfterLock();
        List<QueueEntry> gone;
        long[] pagedOut;
        synchronized (lock) {
            gone = ready.removeAll();
            gone.addAll(delayed);
            delayed.clear();
            delayedGroups.clear();
            for (QueueEntry e : gone) {
                removeForGood(e, work, true);
            }
            pagedOut = pager == null ? new long[0] : pager.clear();
        }
        if (pagedOut.length > 0) {
            StoreWork unstore = engine.storeWork();
            for (long id : pagedOut) {
                unstore.batch().removeReference(name, id);
            }
            engine.commitInBackground(unstore, "purge of " + pagedOut.length + " paged-out messages of " + this);
        }
        finish(work);
        return gone.size() + (long) pagedOut.length;
    }

    /** Deletes the queue: drops its entries and closes its consumers with {@code cause}. */
    void delete(BrokerException cause) {
        List<QueueConsumer> closing;
        List<Runnable> waiters;
        synchronized (lock) {
            deleted = true;
            closing = new ArrayList<>(consumers);
            closing.addAll(browsers);
            for (QueueConsumer c : closing) {
                c.closed = true;
                c.unsettled.clear();
            }
            consumers.clear();
            browsers.clear();
            groups.clear();
            ready.removeAll();
            delayed.clear();
            delayedGroups.clear();
            if (pager != null) {
                pager.clear();
            }
            memory = 0;
            inFlight = 0;
            withCredit = 0;
            overBudget = false;
            waiters = new ArrayList<>(writableWaiters);
            writableWaiters.clear();
            engine.timers().unwatch(this);
        }
        serial.execute(() -> closing.forEach(c -> c.closedBySink(cause)));
        waiters.forEach(engine.pool()::execute);
    }

    boolean deleted() {
        synchronized (lock) {
            return deleted;
        }
    }

    boolean overBudget() {
        return overBudget;
    }

    /** Registers {@code task} to run once the queue is under budget; false (not registered) if it is now. */
    boolean whenUnderBudget(Runnable task) {
        synchronized (lock) {
            if (!overBudget) {
                return false;
            }
            writableWaiters.add(task);
            return true;
        }
    }

    @Override
    public String toString() {
        return "queue " + name;
    }
}
