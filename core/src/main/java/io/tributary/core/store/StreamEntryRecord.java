package io.tributary.core.store;

/**
 * A stored stream entry.
 *
 * @param offset    its offset in the partition
 * @param timestamp when it was appended (epoch ms, engine clock)
 * @param encoded   the message bytes (already carrying its partition and offset annotations)
 */
public record StreamEntryRecord(long offset, long timestamp, byte[] encoded) {
}
