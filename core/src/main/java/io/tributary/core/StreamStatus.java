package io.tributary.core;

import java.util.List;

/**
 * A snapshot of one stream for operators: its partitions' offsets and sizes, its consumer groups with their committed
 * offsets and lag, and the settings it runs with (partitions, retention).
 *
 * @param name       the stream address
 * @param partitions every partition, by number
 * @param groups     its consumer groups (durable subscriptions, and shared non-durable ones while they have members),
 *                   by name
 * @param settings   the address's settings
 */
public record StreamStatus(String name, List<PartitionStatus> partitions, List<GroupStatus> groups,
                           AddressSettings settings) {

    /** Readable messages over every partition. */
    public long messages() {
        return partitions.stream().mapToLong(PartitionStatus::messages).sum();
    }

    /** Encoded bytes of the messages kept over every partition. */
    public long bytes() {
        return partitions.stream().mapToLong(PartitionStatus::bytes).sum();
    }

    /**
     * One partition's log.
     *
     * @param firstOffset the log start: the oldest offset retention kept
     * @param lastOffset  the newest readable offset; {@code firstOffset - 1} when the partition is empty
     * @param messages    {@code lastOffset - firstOffset + 1}
     * @param bytes       encoded bytes of the messages kept
     */
    public record PartitionStatus(int partition, long firstOffset, long lastOffset, long messages, long bytes) {
    }

    /**
     * One consumer group.
     *
     * @param name       the group's name: the subscription name of a shared durable subscription,
     *                   {@code <client id>:<name>} of a non-shared one, {@code ~shared:<name>} of a shared non-durable
     *                   one
     * @param consumers  consumers attached now
     * @param partitions the group's position in every partition
     */
    public record GroupStatus(String name, int consumers, List<GroupPartition> partitions) {

        /** Messages not yet finished by the group over every partition. */
        public long lag() {
            return partitions.stream().mapToLong(GroupPartition::lag).sum();
        }
    }

    /**
     * A group's position in one partition.
     *
     * @param committedOffset the next offset the group has not finished (it reads from there after a restart or a
     *                        rebalance); -1 when the store holds none for this partition yet (the first consumer's
     *                        start position decides it)
     * @param lastOffset      the partition's newest readable offset (as in {@link PartitionStatus})
     * @param lag             readable messages at or after the committed offset: {@code lastOffset + 1 -
     *                        max(committedOffset, firstOffset)}
     */
    public record GroupPartition(int partition, long committedOffset, long lastOffset, long lag) {
    }
}
