package io.tributary.broker.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.core.StreamStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams' gauges: per stream ({@code stream} tag) its messages and bytes, per consumer group ({@code stream},
 * {@code group}) its lag summed over the partitions and its consumers. Lag per partition is in the management API
 * only: one series per group keeps the cardinality of a many-partition stream low, and a group's total lag is what
 * an alert watches.
 *
 * <p>Design note: as for queues in {@link BrokerMetrics}, each scrape takes one snapshot of every stream, registers
 * gauges for new streams and groups, removes those of gone ones, and the gauges read that snapshot.
 *
 * <p>Not thread-safe: {@link BrokerMetrics#scrape()} calls it under its lock; the gauges read a concurrent map.
 */
final class StreamMeters {

    private final MeterRegistry registry;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final Map<String, Meter> meters = new HashMap<>();

    StreamMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void refresh(List<StreamStatus> streams) {
        Map<String, Double> now = new HashMap<>();
        for (StreamStatus s : streams) {
            Tags stream = Tags.of("stream", s.name());
            record(now, "tributary.stream.messages", "readable messages over every partition", stream, s.messages());
            record(now, "tributary.stream.bytes", "bytes of the messages kept over every partition", stream,
                    s.bytes());
            for (StreamStatus.GroupStatus g : s.groups()) {
                Tags group = stream.and("group", g.name());
                record(now, "tributary.stream.group.lag", "messages at or after the group's committed offsets, "
                        + "summed over the partitions", group, g.lag());
                record(now, "tributary.stream.group.consumers", "consumers attached to the group", group,
                        g.consumers());
            }
        }
        for (String gone : new ArrayList<>(meters.keySet())) {
            if (!now.containsKey(gone)) {
                registry.remove(meters.remove(gone));
                values.remove(gone);
            }
        }
    }

    private void record(Map<String, Double> now, String name, String description, Tags tags, double value) {
        String key = name + tags;
        now.put(key, value);
        values.put(key, value);
        meters.computeIfAbsent(key, k -> Gauge.builder(name, values, v -> v.getOrDefault(k, Double.NaN))
                .tags(tags).description(description).register(registry));
    }
}
