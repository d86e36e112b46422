package io.tributary.core.stream;

import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.DeliverySink;
import io.tributary.core.MessageTrace;
import io.tributary.core.Outcome;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.selector.Selector;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer group: a durable subscription on a stream. Keeps per partition the committed offset (the next
 * offset the group has not finished), the offsets acknowledged above it, and the fetch position of the
 * partition's current owner. Members split the partitions round-robin in member order; when one joins or
 * leaves, every partition that changes owner is read again from its committed offset (at-least-once).
 *
 * <p>Design note: the committed offset advances only over a contiguous run of acknowledged offsets, so an
 * unacknowledged earlier delivery holds it back; holes and entries a selector skips count as done. It is
 * stored with at most one store write in flight per group; later changes are coalesced into the next write.
 *
 * <p>Thread model: every field, and each member's state, is guarded by this object's monitor. Store
 * writes and sink calls happen outside it.
 */
final class ConsumerGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    final StreamLog stream;
    final String name;
    /** Committed offsets are stored (a durable subscription); else the group ends with its last member. */
    final boolean durable;
    private final List<GroupMember> members = new ArrayList<>();
    private final GroupMember[] owners;
    private final AckWindow[] windows;
    private final long[] fetch;
    private final long[] delivered;
    private final boolean[] dirty;
    /** Failed deliveries (modified with delivery-failed) of entries not yet finished. */
    private final Map<StreamPosition, Integer> failures = new HashMap<>();
    /** Per committing transaction: the windows as they will be once its acknowledgements apply. */
    private final Map<TransactionId, Map<Integer, AckWindow>> preparing = new HashMap<>();
    /** Completes when no offset write is in flight (guarded by this). */
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);
    /** Per partition: the highest committed offset a transaction stored; flushes never write below it. */
    private final long[] storedByTransaction;
    /** Resets waiting for the offset write that stores them (guarded by this). */
    private final List<CompletableFuture<Void>> resets = new ArrayList<>();
    private boolean shared;
    private boolean writing;
    private long memberIds;

    ConsumerGroup(StreamLog stream, String name, long[] committed, boolean durable, boolean storeNow) {
        this.stream = stream;
        this.name = name;
        this.durable = durable;
        int n = stream.partitions.length;
        this.owners = new GroupMember[n];
        this.windows = new AckWindow[n];
        this.fetch = committed.clone();
        this.delivered = committed.clone();
        this.dirty = new boolean[n];
        this.storedByTransaction = new long[n];
        for (int p = 0; p < n; p++) {
            windows[p] = new AckWindow(committed[p]);
            dirty[p] = storeNow;
        }
    }

    /** Adds a member; IN_USE when the group is not shared and already has one. */
    synchronized GroupMember join(boolean sharedMember, DeliverySink sink, boolean preSettled, Selector selector,
                                  Runnable onClose) {
        if (!members.isEmpty() && !(shared && sharedMember)) {
            throw new BrokerException(BrokerException.Kind.IN_USE, "consumer group '" + name + "' of stream "
                    + stream.name + " already has " + members.size() + " member(s) and is not shared; close them or"
                    + " use a shared durable subscription");
        }
        shared = sharedMember;
        GroupMember m = new GroupMember(this, ++memberIds, sink, preSettled, selector, onClose);
        members.add(m);
        rebalance();
        return m;
    }

    /** Removes a member; its partitions go to the others. */
    void leave(GroupMember m) {
        List<GroupMember> others;
        synchronized (this) {
            if (!members.remove(m)) {
                return;
            }
            rebalance();
            others = new ArrayList<>(members);
        }
        if (others.isEmpty() && !durable) {
            stream.groups.drop(this);
        }
        others.forEach(GroupMember::requestDispatch);
    }

    synchronized int memberCount() {
        return members.size();
    }

    synchronized List<GroupMember> members() {
        return new ArrayList<>(members);
    }

    /** Under the lock: the partitions each member owns, by member order. */
    private void rebalance() {
        members.sort(Comparator.comparingLong(x -> x.memberId));
        int n = owners.length;
        for (int p = 0; p < n; p++) {
            GroupMember owner = members.isEmpty() ? null : members.get(p % members.size());
            if (owner != owners[p]) {
                if (owners[p] != null) {
                    owners[p].revoke(p);
                }
                owners[p] = owner;
                fetch[p] = windows[p].committed();
            }
        }
        for (int i = 0; i < members.size(); i++) {
            GroupMember m = members.get(i);
            List<Integer> mine = new ArrayList<>();
            for (int p = i; p < n; p += members.size()) {
                mine.add(p);
            }
            m.owned = mine.stream().mapToInt(Integer::intValue).toArray();
            m.turn = 0;
        }
        LOG.debug("stream {} group {}: {} member(s) over {} partition(s)", stream.name, name, members.size(), n);
    }

    /** Under the lock: what {@code m} reads next: a released delivery, else the next entry it owns. */
    StreamConsumer.Read next(GroupMember m) {
        StreamPosition again;
        while ((again = m.redeliver.poll()) != null) {
            int p = again.partition();
            Message msg = stream.partitions[p].read(again.offset(), m.afterLoad);
            if (msg == Partition.LOADING) {
                m.redeliver.addFirst(again);
                m.loading = !stream.partitions[p].readsFailing();
                return null;
            }
            if (owners[p] == m && msg != null && !windows[p].acknowledged(again.offset())) {
                return new StreamConsumer.Read(again, msg, Math.max(1, failures.getOrDefault(again, 0)));
            }
        }
        int n = m.owned.length;
        for (int i = 0; i < n; i++) {
            int p = m.owned[(m.turn + i) % n];
            StreamConsumer.Read r = nextIn(m, p);
            if (r != null) {
                m.turn = (m.turn + i + 1) % n;
                return r;
            }
        }
        return null;
    }

    private StreamConsumer.Read nextIn(GroupMember m, int p) {
        Partition part = stream.partitions[p];
        catchUp(p);
        long from = Math.max(fetch[p], part.start());
        while (true) {
            StreamConsumer.Read r = m.scan(part, from);
            skipped(p, from, m.scanEnd);
            if (r == null) {
                fetch[p] = m.scanEnd;
                return null;
            }
            long o = r.position().offset();
            if (!windows[p].acknowledged(o)) {
                fetch[p] = o + 1;
                int count = o < delivered[p] ? 1 : 0;
                delivered[p] = Math.max(delivered[p], o + 1);
                return new StreamConsumer.Read(r.position(), r.message(), count);
            }
            from = o + 1;
        }
    }

    /** Under the lock: offsets [from, to) were passed over without a delivery (holes, not selected). */
    private void skipped(int p, long from, long to) {
        if (from < to && windows[p].ack(from, to)) {
            dirty[p] = true;
        }
    }

    /** Under the lock: retention moved the log start past the committed offset. */
    private void catchUp(int p) {
        long start = stream.partitions[p].start();
        if (windows[p].advanceTo(start)) {
            dirty[p] = true;
        }
    }

    void settled(GroupMember m, StreamPosition pos, Outcome outcome) {
        int p = pos.partition();
        switch (outcome.type()) {
            case ACCEPTED, REJECTED -> {
                if (!failures.isEmpty()) {
                    failures.remove(pos);
                }
                if (windows[p].ack(pos.offset())) {
                    dirty[p] = true;
                }
            }
            default -> {
                if (outcome.deliveryFailed() && failed(pos)) {
                    return;
                }
                if (owners[p] == m) {
                    m.redeliver.add(pos);
                    m.requestDispatch();
                }
            }
        }
    }

    /**
     * Under the lock: counts a failed delivery; after the address's max-delivery-attempts the group gives the
     * entry up (it counts as done, like a rejection: a stream has no dead-letter queue). True when given up.
     */
    private boolean failed(StreamPosition pos) {
        int n = failures.merge(pos, 1, Integer::sum);
        int max = stream.maxDeliveryAttempts;
        if (max == 0 || n < max) {
            return false;
        }
        failures.remove(pos);
        LOG.warn("stream {} group {}: gave up on {} after {} failed deliveries", ClientText.safe(stream.name),
                ClientText.safe(name), pos, n);
        long traceId = stream.traceId(pos);
        if (traceId != 0) {
            stream.host.traceEvent(traceId, stream.name, MessageTrace.GIVEN_UP, "group", ClientText.safe(name),
                    "partition", (long) pos.partition(), "offset", pos.offset(), "attempts", (long) n,
                    "reason", "max delivery attempts (" + max + ")");
        }
        if (windows[pos.partition()].ack(pos.offset())) {
            dirty[pos.partition()] = true;
        }
        return true;
    }

    /**
     * Under the lock: {@code tx} commits with this acknowledgement; writes the committed offset it will give
     * into the transaction's batch, so offset and transaction are stored together.
     */
    void prepared(TransactionId tx, StreamPosition pos, Outcome outcome, Supplier<StoreBatch> batch) {
        Outcome.Type type = outcome.type();
        if (!durable || !stream.persistent || (type != Outcome.Type.ACCEPTED && type != Outcome.Type.REJECTED)) {
            return;
        }
        int p = pos.partition();
        AckWindow w = preparing.computeIfAbsent(tx, t -> new HashMap<>()).computeIfAbsent(p, q -> windows[q].copy());
        if (w.ack(pos.offset())) {
            batch.get().saveStreamOffset(stream.name, name, p, w.committed());
        }
    }

    /** Under the lock: {@code tx} ended; when it committed, what it stored is the floor for later flushes. */
    void ended(TransactionId tx, boolean committedTx) {
        Map<Integer, AckWindow> stored = preparing.remove(tx);
        if (committedTx && stored != null) {
            stored.forEach((p, w) -> storedByTransaction[p] = Math.max(storedByTransaction[p], w.committed()));
        }
    }

    /**
     * Stores what changed and answers a future that completes once nothing is in flight or left to write: the
     * broker waits for it before closing the store, so that a clean stop keeps every committed offset.
     */
    CompletableFuture<Void> flushed() {
        flush();
        synchronized (this) {
            return writing ? idle : CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Moves the committed offset of every partition to {@code offsets} (what a member reads next), forgetting what
     * was acknowledged above the old ones. {@link #storeReset} then stores it.
     *
     * @throws BrokerException IN_USE while the group has members, or while a transaction that acknowledged its
     *                         entries is open
     */
    synchronized void reset(long[] offsets) {
        if (!members.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.IN_USE, "consumer group '" + name + "' of stream "
                    + stream.name + " has " + members.size() + " consumer(s) attached; stop them (close their "
                    + "consumers or connections) before resetting its offsets");
        }
        if (!preparing.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.IN_USE, "consumer group '" + name + "' of stream "
                    + stream.name + ": a transaction that acknowledged its messages is still open; commit or roll"
                    + " it back before resetting the group's offsets");
        }
        failures.clear();
        for (int p = 0; p < windows.length; p++) {
            windows[p] = new AckWindow(offsets[p]);
            fetch[p] = offsets[p];
            delivered[p] = offsets[p];
            storedByTransaction[p] = -1; // written even when lower than what a transaction stored
            dirty[p] = true;
        }
    }

    /** Stores every committed offset as it is now; completes once stored (at once when the group is not stored). */
    CompletableFuture<Void> storeReset() {
        if (!durable || !stream.persistent || stream.deleted()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        synchronized (this) {
            Arrays.fill(dirty, true);
            resets.add(stored);
        }
        flush();
        return stored;
    }

    /** The committed offset of every partition now. */
    synchronized long[] committed() {
        long[] out = new long[windows.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = windows[p].committed();
        }
        return out;
    }

    /** Stores changed committed offsets; one write in flight at a time, later changes coalesced. */
    void flush() {
        if (!durable || !stream.persistent || stream.deleted()) {
            return;
        }
        StoreBatch batch = stream.host.store().batch();
        CompletableFuture<Void> nowIdle;
        List<CompletableFuture<Void>> waiting;
        synchronized (this) {
            if (writing) {
                return;
            }
            waiting = List.copyOf(resets);
            resets.clear();
            for (int p = 0; p < dirty.length; p++) {
                if (dirty[p]) {
                    dirty[p] = false;
                    if (windows[p].committed() > storedByTransaction[p]) {
                        batch.saveStreamOffset(stream.name, name, p, windows[p].committed());
                    }
                }
            }
            if (batch.isEmpty()) {
                nowIdle = idle;
            } else {
                nowIdle = null;
                writing = true;
                if (idle.isDone()) {
                    idle = new CompletableFuture<>();
                }
            }
        }
        if (nowIdle != null) {
            nowIdle.complete(null);
            waiting.forEach(w -> w.complete(null));
            return;
        }
        batch.commitEventually().whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("stream {} group {}: storing committed offsets failed; retrying with the next change",
                        stream.name, name, failure);
            }
            boolean again;
            synchronized (this) {
                writing = false;
                if (failure != null) {
                    Arrays.fill(dirty, true);
                }
                again = failure == null || !resets.isEmpty(); // a reset made meanwhile gets its own attempt
            }
            waiting.forEach(w -> {
                if (failure == null) {
                    w.complete(null);
                } else {
                    w.completeExceptionally(failure);
                }
            });
            if (again) {
                flush();
            } else {
                idle.complete(null); // given up until the next change: nothing more to wait for
            }
        });
    }
}
