package io.tributary.core.store;

/**
 * What the store knows of one stream partition.
 *
 * @param partition  the partition number
 * @param logStart   the first offset still kept (entries below it were deleted by retention)
 * @param nextOffset the offset the next append gets: above every stored entry and at least the log start
 */
public record StreamPartitionRecord(int partition, long logStart, long nextOffset) {
}
