package io.tributary.core.stream;

/**
 * A place in a stream: a partition and an offset in it. Immutable value.
 *
 * @param partition the partition number, 0-based
 * @param offset    the offset in that partition, 0-based
 */
record StreamPosition(int partition, long offset) {

    @Override
    public String toString() {
        return partition + "@" + offset;
    }
}
