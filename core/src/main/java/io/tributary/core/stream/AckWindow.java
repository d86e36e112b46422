package io.tributary.core.stream;

import java.util.BitSet;

/**
 * A group's committed offset in one partition and the offsets acknowledged above it, one bit per offset
 * from the committed offset on. In-order acknowledgements only move the committed offset; out-of-order ones
 * set a bit until the gap below them is filled.
 *
 * <p>Not thread-safe: guarded by its {@link ConsumerGroup}.
 */
final class AckWindow {

    private long committed;
    /** Bit i: offset {@code committed + i} is acknowledged (bit 0 is always clear). */
    private BitSet above = new BitSet();

    AckWindow(long committed) {
        this.committed = committed;
    }

    AckWindow copy() {
        AckWindow c = new AckWindow(committed);
        c.above = (BitSet) above.clone();
        return c;
    }

    /** The next offset the group has not finished. */
    long committed() {
        return committed;
    }

    boolean acknowledged(long offset) {
        long i = offset - committed;
        return i < 0 || (i < Integer.MAX_VALUE && above.get((int) i));
    }

    /** Acknowledges {@code offset}; answers true when the committed offset moved. */
    boolean ack(long offset) {
        return ack(offset, offset + 1);
    }

    /** Acknowledges every offset in {@code [from, to)}; answers true when the committed offset moved. */
    boolean ack(long from, long to) {
        if (from <= committed) {
            return advanceTo(to);
        }
        long i = from - committed;
        long j = to - committed;
        if (j < Integer.MAX_VALUE) {
            above.set((int) i, (int) j);
        }
        return false;
    }

    /** Moves the committed offset to at least {@code to}, then over the acknowledged run after it. */
    boolean advanceTo(long to) {
        long before = committed;
        if (to > committed) {
            long shift = to - committed;
            above = shift >= above.length() ? new BitSet() : above.get((int) shift, above.length());
            committed = to;
        }
        int run = above.nextClearBit(0);
        if (run > 0) {
            above = above.get(run, Math.max(run, above.length()));
            committed += run;
        }
        return committed != before;
    }
}
