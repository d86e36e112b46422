package io.tributary.core.engine;

import io.tributary.core.store.MessageStore;
import io.tributary.core.stream.StreamHost;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the engine gives its streams: serial executors over its pool, its store-read executor, its clock, store,
 * timer, global memory count and message tracer. Thread-safe.
 */
final class EngineStreamHost implements StreamHost {

    private final BrokerEngine engine;

    EngineStreamHost(BrokerEngine engine) {
        this.engine = engine;
    }

    @Override
    public Executor serialExecutor(String name) {
        return new SerialExecutor(engine.pool(), name);
    }

    @Override
    public Executor storeReads() {
        return engine.storeReads();
    }

    @Override
    public Clock clock() {
        return engine.config().clock();
    }

    @Override
    public MessageStore store() {
        return engine.store();
    }

    @Override
    public void everyTick(Runnable task) {
        engine.timers().every(task);
    }

    @Override
    public void cancelTick(Runnable task) {
        engine.timers().cancel(task);
    }

    @Override
    public void heapChanged(long bytes) {
        if (bytes > 0) {
            engine.globalMemory().add(bytes);
        } else if (bytes < 0) {
            engine.globalMemory().free(-bytes);
        }
    }

    @Override
    public boolean memoryFull() {
        return engine.globalMemory().full(0);
    }

    @Override
    public void traceEvent(long traceId, String stream, String type, Object... details) {
        engine.tracer().event(traceId, type, stream, Tracer.details(details));
    }
}
