package io.tributary.core.store;

/**
 * A consumer group's committed offset in one stream partition.
 *
 * @param group     the group (durable subscription) name
 * @param partition the partition number
 * @param offset    the next offset the group has not finished
 */
public record StreamOffsetRecord(String group, int partition, long offset) {
}
