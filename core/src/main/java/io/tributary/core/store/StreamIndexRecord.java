package io.tributary.core.store;

/**
 * What recovery needs of a stored stream entry without its bytes.
 *
 * @param offset    its offset in the partition
 * @param timestamp when it was appended (epoch ms)
 * @param size      its encoded size in bytes
 */
public record StreamIndexRecord(long offset, long timestamp, int size) {
}
