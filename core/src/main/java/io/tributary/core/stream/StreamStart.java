package io.tributary.core.stream;

import io.tributary.core.BrokerException;
import io.tributary.core.StreamOffset;

/**
 * Turns a reader's {@link StreamOffset} into a start offset per partition. Stateless.
 *
 * <ul>
 *   <li>{@code first}: the log start; {@code next} (also null): the end, only new messages;
 *   {@code last}: the last readable message (the end when the partition is empty);</li>
 *   <li>an offset: that offset in every partition; beyond the end it starts at the end (waits for new
 *   messages); before the log start it fails with INVALID_ARGUMENT naming both;</li>
 *   <li>a timestamp: the first message appended at or after it, else the end.</li>
 * </ul>
 */
final class StreamStart {

    private StreamStart() {
    }

    static long[] resolve(StreamLog stream, StreamOffset spec) {
        Partition[] partitions = stream.partitions;
        long[] out = new long[partitions.length];
        for (Partition p : partitions) {
            out[p.id] = resolve(p, spec == null ? StreamOffset.NEXT : spec);
        }
        return out;
    }

    /**
     * Where a reset of a consumer group puts its committed offset in {@code p}: as {@link #resolve}, except that an
     * offset outside the log is clamped to it (the log start, or the end: only new messages).
     */
    static long resetTarget(Partition p, StreamOffset to) {
        if (to.kind() == StreamOffset.Kind.OFFSET) {
            return Math.max(p.start(), Math.min(to.value(), p.end()));
        }
        return resolve(p, to);
    }

    static long resolve(Partition p, StreamOffset spec) {
        long end = p.end();
        long start = p.start();
        return switch (spec.kind()) {
            case FIRST -> start;
            case NEXT -> end;
            case LAST -> end > start ? end - 1 : end;
            case TIMESTAMP -> p.offsetAt(spec.value());
            case OFFSET -> {
                if (spec.value() < start) {
                    throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "stream " + p.stream.name
                            + " partition " + p.id + ": offset " + spec.value() + " is before the log start " + start
                            + "; use stream-offset=first");
                }
                yield Math.min(spec.value(), end);
            }
        };
    }
}
