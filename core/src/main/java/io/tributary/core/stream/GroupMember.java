package io.tributary.core.stream;

import io.tributary.core.DeliverySink;
import io.tributary.core.TransactionId;
import io.tributary.core.store.MessageStore.StoreBatch;
import java.util.function.Supplier;
import io.tributary.core.Outcome;
import io.tributary.core.selector.Selector;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * A member of a consumer group: reads the partitions its {@link ConsumerGroup} assigns it, starting at the
 * group's fetch position, and commits through the group on acknowledgement.
 *
 * <p>Thread model: every field is guarded by the group's monitor ({@link #lock()}).
 */
final class GroupMember extends StreamConsumer {

    final ConsumerGroup group;
    final long memberId;
    /** Partitions assigned to this member, ascending. */
    int[] owned = new int[0];
    int turn;
    /** Released deliveries to read again first. */
    final ArrayDeque<StreamPosition> redeliver = new ArrayDeque<>();
    /** Deliveries of partitions moved to another member: settling them is allowed and changes nothing. */
    private final Set<Long> revoked = new HashSet<>();

    GroupMember(ConsumerGroup group, long memberId, DeliverySink sink, boolean preSettled, Selector selector,
                Runnable onClose) {
        super(group.stream, sink, preSettled, selector, onClose);
        this.group = group;
        this.memberId = memberId;
    }

    @Override
    Object lock() {
        return group;
    }

    @Override
    Read next() {
        return group.next(this);
    }

    @Override
    void settled(StreamPosition position, Outcome outcome) {
        group.settled(this, position, outcome);
    }

    @Override
    void rolledBack(StreamPosition position) {
        group.settled(this, position, Outcome.RELEASED);
    }

    @Override
    void prepared(TransactionId tx, StreamPosition position, Outcome outcome, Supplier<StoreBatch> batch) {
        group.prepared(tx, position, outcome, batch);
    }

    @Override
    void ended(TransactionId tx, boolean committed) {
        group.ended(tx, committed);
    }

    @Override
    String groupName() {
        return group.name;
    }

    @Override
    boolean forgiven(long deliveryId) {
        return revoked.remove(deliveryId);
    }

    @Override
    void afterSettle() {
        group.flush();
    }

    @Override
    boolean storesAcknowledgements() {
        return group.durable && stream.persistent;
    }

    @Override
    void detach() {
        group.leave(this);
        stream.detach(this);
    }

    /** Under the group lock: partition {@code p} moved away; its outstanding deliveries no longer count. */
    void revoke(int p) {
        unsettled.entrySet().removeIf(e -> {
            if (e.getValue().partition() == p) {
                revoked.add(e.getKey());
                return true;
            }
            return false;
        });
        redeliver.removeIf(pos -> pos.partition() == p);
    }
}
