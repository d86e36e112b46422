package io.tributary.core.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to one queue's messages since the broker started, for operators and metrics.
 *
 * <p>Thread-safe without locks: each count is a {@link LongAdder}, added to on the paths that already run (under
 * the queue's lock or after it) and read without stopping them.
 */
final class QueueCounters {

    final LongAdder enqueued = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder expired = new LongAdder();
}
