package io.tributary.core;

/**
 * The broker-wide memory figures at one moment (see {@link GlobalMemoryLimit}), for metrics and management.
 *
 * @param limitBytes   the global limit in bytes
 * @param usedBytes    the heap bytes the messages of every queue and stream take now
 * @param blocked      producers of messages that cannot be paged are held back now
 * @param timesBlocked how many times the broker has gone over its limit since it started
 * @param storeBytes   the heap the store keeps for what it stores and paging cannot release (the message
 *                     journal's index); counted against the limit with {@code usedBytes}
 */
public record MemoryStatus(long limitBytes, long usedBytes, boolean blocked, long timesBlocked, long storeBytes) {

    /** Figures without store heap (an in-memory store, or one that keeps no index in the heap). */
    public MemoryStatus(long limitBytes, long usedBytes, boolean blocked, long timesBlocked) {
        this(limitBytes, usedBytes, blocked, timesBlocked, 0);
    }
}
