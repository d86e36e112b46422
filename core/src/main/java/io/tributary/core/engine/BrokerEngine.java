package io.tributary.core.engine;

import io.tributary.core.Addresses;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Management;
import io.tributary.core.MemoryStatus;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.selector.Filterable;
import io.tributary.core.selector.MessageFilterable;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.MessageStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Broker}: owns the registry, router, timers, the dispatch pool and the store.
 *
 * <p>Thread model: thread-safe. Each queue guards itself with its own lock and calls its consumers'
 * sinks from its own serial executor over one shared pool ({@code tributary-N-dispatch-*} threads);
 * timers run on one {@code tributary-N-timer} thread, blocking store reads (page-ins) on the
 * {@code tributary-N-store-read-*} threads of {@link StoreReads}; the registry and subscriptions take their own
 * monitors for rare changes. Lock order: registry, subscriptions, queue; no lock is held while a sink,
 * the store or another queue is called.
 */
public final class BrokerEngine implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerEngine.class);
    private static final AtomicLong ENGINES = new AtomicLong();
    private static final long BACKGROUND_FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Outstanding background store writes above which persistent queues pause dispatch. */
    static final int MAX_BACKGROUND_WRITES = 20_000;
    /** How long a stop waits for the stream consumer groups' last offset writes. */
    private static final long FLUSH_TIMEOUT_SECONDS = 10;
    /** How long a stop waits for the last trace events to be written. */
    private static final long TRACE_FLUSH_MILLIS = 2_000;

    private final BrokerConfig config;
    private final MessageStore store;
    private final boolean persistent;
    private final String name;
    private final ForkJoinPool pool;
    private final GlobalMemory memory;
    private final Timers timers;
    private final StoreReads storeReads;
    private final AddressRegistry registry;
    private final Router router;
    private final EngineStreamHost streamHost = new EngineStreamHost(this);
    private final EngineManagement management = new EngineManagement(this);
    private final Tracer tracer;
    private final Map<String, EngineConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, EngineConnection> clientIds = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong transactionIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger backgroundWrites = new AtomicInteger();
    private final Queue<Runnable> waitingForStore = new ConcurrentLinkedQueue<>();
    private final AtomicLong backgroundFailures = new AtomicLong();
    private final AtomicLong lastBackgroundFailureLog = new AtomicLong(System.nanoTime()
            - BACKGROUND_FAILURE_LOG_INTERVAL_NANOS);

    private BrokerEngine(BrokerConfig config) {
        this.config = config;
        this.store = config.store();
        this.name = "tributary-" + ENGINES.incrementAndGet();
        this.pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()), p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(name + "-dispatch-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, true);
        this.memory = new GlobalMemory(name, config.globalMemory(), Runtime.getRuntime().maxMemory(), pool,
                config.clock());
        this.store.start();
        this.persistent = store.persistent();
        this.timers = new Timers(config.clock(), name);
        this.storeReads = new StoreReads(name);
        this.tracer = new Tracer(this, config.tracing(), pool);
        this.router = new Router(this);
        this.registry = new AddressRegistry(this);
    }

    /** Starts an engine: opens the store, declares the configured addresses, recovers what is stored. */
    public static Broker start(BrokerConfig config) {
        BrokerEngine engine = new BrokerEngine(config);
        try {
            engine.messageIds.set(engine.store.maxMessageId());
            engine.tracer.start(engine.store.maxTraceEventId(), engine.timers);
            List<AddressRecord> stored = engine.persistent ? engine.store.loadAddresses() : List.of();
            Recovery.reportConfiguredSettings(stored, config.declared());
            config.declared().forEach((n, d) -> engine.registry.declare(n, d.kind(), d.settings()));
            if (engine.persistent) {
                new Recovery(engine).run(stored);
                engine.countStoreHeap();
                engine.timers.every(engine::countStoreHeap);
            }
        } catch (RuntimeException e) {
            engine.close();
            throw e instanceof BrokerException ? e : new BrokerException(BrokerException.Kind.INTERNAL,
                    "engine failed to start: " + e, e);
        }
        LOG.info("{} started ({} store)", engine.name, engine.persistent ? "persistent" : "non-persistent");
        return engine;
    }

    /**
     * Counts the heap the store keeps for what it stores (the message journal's index, which paging cannot
     * release) against the global memory limit: after recovery, then every second.
     */
    private void countStoreHeap() {
        memory.storeHeap(store.heapBytes());
    }

    @Override
    public BrokerConnection connect(ConnectionInfo info) {
        if (closed.get()) {
            throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, name + " is stopped; start a new engine");
        }
        EngineConnection c = new EngineConnection(this, "conn-" + connectionIds.incrementAndGet(), info);
        if (info.clientId() != null) {
            EngineConnection holder = clientIds.putIfAbsent(info.clientId(), c);
            if (holder != null) {
                throw new BrokerException(BrokerException.Kind.INVALID_CLIENT_ID, "client id '" + info.clientId()
                        + "' is in use by " + holder + " (container " + holder.info().containerId()
                        + "); close that connection or choose another client id");
            }
        }
        connections.put(c.id(), c);
        return c;
    }

    void disconnected(EngineConnection c) {
        connections.remove(c.id());
        if (c.info().clientId() != null) {
            clientIds.remove(c.info().clientId(), c);
        }
    }

    @Override
    public Addresses addresses() {
        return registry;
    }

    @Override
    public Management management() {
        return management;
    }

    @Override
    public BrokerConfig config() {
        return config;
    }

    @Override
    public MemoryStatus memory() {
        return memory.status();
    }

    /**
     * Processes due timed work (scheduled deliveries, redelivery delays, expiry) by the engine clock now,
     * instead of waiting for the next timer tick. For tests that drive a manual clock.
     */
    public void runDueWork() {
        timers.tick();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        registry.stopAll(new BrokerException(BrokerException.Kind.ILLEGAL_STATE, name + " stopped"));
        new ArrayList<>(connections.values()).forEach(EngineConnection::close);
        try { // a clean stop keeps every committed stream offset: the last changes may wait behind a write
            CompletableFuture<Void> flushed = registry.flushStreamOffsets();
            if (store.writing()) { // else the store keeps them until it closes: nothing to wait for
                flushed.get(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: storing the stream consumer groups' last offsets did not finish within {} s ({}); they"
                    + " may read a few entries again after a restart", name, FLUSH_TIMEOUT_SECONDS, e.toString());
        }
        tracer.close(TRACE_FLUSH_MILLIS);
        timers.close();
        storeReads.close();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: dispatch threads did not finish within 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        memory.close();
        store.close();
        LOG.info("{} stopped", name);
    }

    // ---------------------------------------------------------------- for the engine's parts

    /** The open connections (a live view). */
    Collection<EngineConnection> openConnections() {
        return connections.values();
    }

    /** True until {@link #close()}. */
    boolean running() {
        return !closed.get();
    }

    ForkJoinPool pool() {
        return pool;
    }

    Timers timers() {
        return timers;
    }

    /** The executor for blocking store reads (page-ins, browsing), off the dispatch pool. */
    Tracer tracer() {
        return tracer;
    }

    StoreReads storeReads() {
        return storeReads;
    }

    GlobalMemory globalMemory() {
        return memory;
    }

    AddressRegistry registry() {
        return registry;
    }

    Router router() {
        return router;
    }

    MessageStore store() {
        return store;
    }

    EngineStreamHost streamHost() {
        return streamHost;
    }

    boolean persistent() {
        return persistent;
    }

    long now() {
        return config.clock().millis();
    }

    /** The last message id given out: every message the broker holds now has this id or a lower one. */
    long lastMessageId() {
        return messageIds.get();
    }

    long nextMessageId() {
        return messageIds.incrementAndGet();
    }

    TransactionId nextTransactionId() {
        return new TransactionId(transactionIds.incrementAndGet());
    }

    StoreWork storeWork() {
        return new StoreWork(store);
    }

    /**
     * Commits without anyone waiting; a store that cannot write keeps the batch until it can (see
     * {@link io.tributary.core.store.MessageStore.StoreBatch#commitEventually}). A failure is logged by
     * {@link #backgroundFailure}. The stage completes when it is committed, for a caller who does want to know.
     */
    CompletionStage<Void> commitInBackground(StoreWork work, String what) {
        backgroundWrites.incrementAndGet();
        return work.commitEventually().whenComplete((ok, failure) -> {
            if (backgroundWrites.decrementAndGet() <= MAX_BACKGROUND_WRITES / 2 && !waitingForStore.isEmpty()) {
                runWaitingForStore();
            }
            if (failure != null) {
                backgroundFailure(what, failure);
            }
        });
    }

    /**
     * Logs a store write that failed with nobody to tell, at most once every ten seconds with a count of the
     * failures in between (an outage fails every background batch, which once wrote a stack trace each). The first
     * line says what failed and why; a stack trace follows only for what the store did not expect.
     */
    void backgroundFailure(String what, Throwable failure) {
        long suppressed = backgroundFailures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastBackgroundFailureLog.get();
        if (now - last >= BACKGROUND_FAILURE_LOG_INTERVAL_NANOS
                && lastBackgroundFailureLog.compareAndSet(last, now)) {
            backgroundFailures.addAndGet(-suppressed);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("{}: store failed to {}: {} ({} background write(s) failed since the last report)", name,
                    what, cause.getMessage(), suppressed, cause instanceof BrokerException ? null : cause);
        }
    }

    /**
     * True while the store cannot write, or while more background store writes (acknowledgements above all) are
     * outstanding than the writer should hold: persistent queues then stop dispatching until it catches up, so that
     * consumers cannot run ahead of the store, pile up pending writes without bound, or acknowledge what the store
     * cannot keep.
     */
    boolean storeBehind() {
        return backgroundWrites.get() >= MAX_BACKGROUND_WRITES || !store.writing();
    }

    /**
     * Runs {@code task} once the store writes and the background writes are down to half the bound (at once if
     * so). The task may find the store behind again: it then waits again.
     */
    void whenStoreCatchesUp(Runnable task) {
        waitingForStore.add(task);
        if (!store.writing()) {
            store.whenWriting(this::runWaitingForStore);
        } else if (backgroundWrites.get() <= MAX_BACKGROUND_WRITES / 2) {
            runWaitingForStore();
        }
    }

    private void runWaitingForStore() {
        for (Runnable task = waitingForStore.poll(); task != null; task = waitingForStore.poll()) {
            task.run();
        }
    }

    Filterable filterable(Message message, int deliveryCount) {
        return MessageFilterable.of(message, deliveryCount);
    }

    @Override
    public String toString() {
        return name;
    }
}
