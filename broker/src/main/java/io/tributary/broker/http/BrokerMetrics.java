package io.tributary.broker.http;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.core.Broker;
import io.tributary.core.QueueStatus;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The broker's metrics in Micrometer, scraped as Prometheus text: per queue (tagged with its address) depth,
 * in-flight, scheduled, paged out, paging state, consumers and the enqueued / delivered / acknowledged / dead-lettered
 * / expired counts; per stream its size and per consumer group its lag ({@link StreamMeters}); connections and
 * memory; the store's commit latency, group-commit size and pending batches; HikariCP's pool metrics; the JVM's.
 *
 * <p>Design note: the engine keeps plain counters ({@link io.tributary.core.Management#queues()}); queues come and
 * go, so each scrape takes one snapshot of every queue, registers meters for new queues, removes those of deleted
 * ones, and the meters read that snapshot. Nothing is recorded on the message path.
 *
 * <p>Thread-safe: {@link #scrape()} is serialised; the store's callbacks record into Micrometer's thread-safe
 * meters.
 */
public final class BrokerMetrics implements AutoCloseable {

    private static final String QUEUE = "tributary.queue.";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, QueueStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> queueMeters = new HashMap<>();
    private final StreamMeters streams = new StreamMeters(registry);
    private volatile Broker broker;

    public BrokerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Before the engine starts the store: its commit metrics and its pool's, when it is a JDBC store. */
    public void bindStore(MessageStore store) {
        if (!(store instanceof JdbcMessageStore jdbc)) {
            return;
        }
        Timer commit = Timer.builder("tributary.store.commit").description("one group commit: a database "
                + "transaction from its first statement to the end of its commit").publishPercentileHistogram()
                .register(registry);
        DistributionSummary group = DistributionSummary.builder("tributary.store.group.batches").description(
                "store batches committed in one transaction (group-commit size)").publishPercentileHistogram()
                .register(registry);
        DistributionSummary ops = DistributionSummary.builder("tributary.store.group.operations").description(
                "rows written in one transaction").register(registry);
        jdbc.observer((batches, operations, nanos) -> {
            commit.record(nanos, TimeUnit.NANOSECONDS);
            group.record(batches);
            ops.record(operations);
        });
        jdbc.poolMetrics(registry);
        Gauge.builder("tributary.store.pending.batches", jdbc, JdbcMessageStore::pendingBatches)
                .description("store batches waiting for the writer").register(registry);
        Gauge.builder("tributary.store.writing", jdbc, s -> s.writing() ? 1 : 0)
                .description("1 while the store writes, 0 during an outage").register(registry);
        Gauge.builder("tributary.store.journal", jdbc, JdbcMessageStore::journalBytes).baseUnit("bytes")
                .description("records in the H2 store's message journal (0 without one)").register(registry);
        Gauge.builder("tributary.store.journal.live", jdbc, JdbcMessageStore::journalLiveBytes).baseUnit("bytes")
                .description("of those, the records still live: the journal frees the rest front to back")
                .register(registry);
        Gauge.builder("tributary.store.journal.segments", jdbc, JdbcMessageStore::journalSegments)
                .description("segment files of the message journal").register(registry);
    }

    /** Once the engine runs: its connections, memory and queues. */
    public void bindBroker(Broker b) {
        this.broker = b;
        Gauge.builder("tributary.connections", b, x -> x.management().connections().size())
                .description("open client connections").register(registry);
        Gauge.builder("tributary.memory.used", b, x -> x.memory().usedBytes()).baseUnit("bytes")
                .description("heap the messages take").register(registry);
        Gauge.builder("tributary.memory.store", b, x -> x.memory().storeBytes()).baseUnit("bytes")
                .description("heap the store's index of stored messages takes (counted against the limit)")
                .register(registry);
        Gauge.builder("tributary.memory.limit", b, x -> x.memory().limitBytes()).baseUnit("bytes")
                .description("the global memory limit").register(registry);
        Gauge.builder("tributary.memory.blocked", b, x -> x.memory().blocked() ? 1 : 0)
                .description("1 while producers are held back by the global memory limit").register(registry);
        FunctionCounter.builder("tributary.trace.events.dropped", b, x -> x.management().traceEventsDropped())
                .description("message trace events dropped because the store did not keep up").register(registry);
    }

    /** The Prometheus text of every metric now. */
    public synchronized String scrape() {
        refreshQueues();
        Broker b = broker;
        if (b != null) {
            streams.refresh(b.management().streams());
        }
        return registry.scrape();
    }

    private void refreshQueues() {
        Broker b = broker;
        if (b == null) {
            return;
        }
        Map<String, QueueStatus> now = new HashMap<>();
        b.management().queues().forEach(q -> now.put(q.name(), q));
        latest.putAll(now);
        for (String gone : new ArrayList<>(queueMeters.keySet())) {
            if (!now.containsKey(gone)) {
                queueMeters.remove(gone).forEach(registry::remove);
                latest.remove(gone);
            }
        }
        now.values().stream().filter(q -> !queueMeters.containsKey(q.name())).forEach(this::register);
    }

    private void register(QueueStatus q) {
        Tags tags = Tags.of("queue", q.name(), "address", q.address());
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("depth", "messages not yet acknowledged", tags, q.name(), QueueStatus::depth));
        meters.add(gauge("in.flight", "delivered, not yet settled", tags, q.name(), QueueStatus::inFlight));
        meters.add(gauge("scheduled", "waiting for their delivery time", tags, q.name(), QueueStatus::scheduled));
        meters.add(gauge("paged.out", "kept only in the store", tags, q.name(), QueueStatus::pagedOut));
        meters.add(gauge("paging", "1 while new durable messages go to the store only", tags, q.name(),
                x -> x.paging() ? 1 : 0));
        meters.add(gauge("consumers", "open consumers", tags, q.name(), QueueStatus::consumers));
        meters.add(counter("enqueued", "messages that entered the queue", tags, q.name(), QueueStatus::enqueued));
        meters.add(counter("delivered", "deliveries made", tags, q.name(), QueueStatus::delivered));
        meters.add(counter("acknowledged", "messages acknowledged", tags, q.name(), QueueStatus::acknowledged));
        meters.add(counter("dead.lettered", "messages dead-lettered", tags, q.name(), QueueStatus::deadLettered));
        meters.add(counter("expired", "messages expired", tags, q.name(), QueueStatus::expired));
        queueMeters.put(q.name(), meters);
    }

    private Meter gauge(String name, String description, Tags tags, String queue, ToDoubleFunction<QueueStatus> f) {
        return Gauge.builder(QUEUE + name, latest, m -> read(m, queue, f)).tags(tags).description(description)
                .register(registry);
    }

    private Meter counter(String name, String description, Tags tags, String queue,
                          ToDoubleFunction<QueueStatus> f) {
        return FunctionCounter.builder(QUEUE + name, latest, m -> read(m, queue, f)).tags(tags)
                .description(description).register(registry);
    }

    private static double read(Map<String, QueueStatus> m, String queue, ToDoubleFunction<QueueStatus> f) {
        QueueStatus q = m.get(queue);
        return q == null ? Double.NaN : f.applyAsDouble(q);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
