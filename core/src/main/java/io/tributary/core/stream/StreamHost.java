package io.tributary.core.stream;

import io.tributary.core.store.MessageStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What a stream needs from the engine that hosts it: serial executors for its readers, the clock, the
 * store, the engine's timer tick, its broker-wide memory count and its message tracer. Implemented by the
 * engine; thread-safe.
 */
public interface StreamHost {

    /** A new executor that runs its tasks one at a time, in order, on the engine's dispatch pool. */
    Executor serialExecutor(String name);

    /**
     * The executor for blocking store reads (segments read back from the store): a few threads of their own, so a
     * slow store never holds up the dispatch pool. It never throws: a read it cannot take now runs later.
     */
    Executor storeReads();

    /** The engine clock (append timestamps, retention by age). */
    Clock clock();

    /** The engine's store; used only by streams opened as persistent. */
    MessageStore store();

    /** Runs {@code task} on every engine timer tick until {@link #cancelTick}. */
    void everyTick(Runnable task);

    void cancelTick(Runnable task);

    /**
     * Counts {@code bytes} of messages the stream took into the heap (negative: released) toward the broker's
     * global memory limit. Never blocks and never runs other work on the caller's thread, so a partition calls it
     * under its lock.
     */
    void heapChanged(long bytes);

    /** True while the broker is over its global memory limit: a persistent stream then keeps less in the heap. */
    boolean memoryFull();

    /**
     * Records a message trace event (a {@link io.tributary.core.MessageTrace} type) of the traced entry whose trace
     * id is {@code traceId}, with details as name/value pairs (null values left out). Never blocks, takes no lock and
     * calls no store, so a reader calls it under its lock.
     */
    void traceEvent(long traceId, String stream, String type, Object... details);
}
