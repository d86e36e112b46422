package io.tributary.core.stream;

import io.tributary.core.ManualClock;
import io.tributary.core.store.MessageStore;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** What an engine would give a stream, for tests that drive a {@link StreamLog} directly. Thread-safe. */
final class TestStreamHost implements StreamHost, AutoCloseable {

    final ManualClock clock = new ManualClock();
    private final Set<ExecutorService> executors = ConcurrentHashMap.newKeySet();
    private final MessageStore store;
    private final ExecutorService storeReads = Executors.newSingleThreadExecutor();

    TestStreamHost(MessageStore store) {
        this.store = store;
    }

    /** Single-thread executors are serial. */
    @Override
    public Executor serialExecutor(String name) {
        ExecutorService e = Executors.newSingleThreadExecutor();
        executors.add(e);
        return e;
    }

    /** A single store-read thread. */
    @Override
    public Executor storeReads() {
        return storeReads;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public MessageStore store() {
        return store;
    }

    @Override
    public void everyTick(Runnable task) {
        // tests call enforceRetention themselves
    }

    @Override
    public void cancelTick(Runnable task) {
        // nothing registered
    }

    /** The heap bytes the streams of this host count now. */
    final AtomicLong heap = new AtomicLong();
    /** Answered by {@link #memoryFull()}. */
    volatile boolean memoryFull;

    @Override
    public void heapChanged(long bytes) {
        heap.addAndGet(bytes);
    }

    @Override
    public boolean memoryFull() {
        return memoryFull;
    }

    @Override
    public void traceEvent(long traceId, String stream, String type, Object... details) {
        // the engine's tracing is tested through the engine
    }

    @Override
    public void close() {
        executors.forEach(ExecutorService::shutdownNow);
        storeReads.shutdownNow();
    }
}
