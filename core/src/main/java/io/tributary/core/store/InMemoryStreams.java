package io.tributary.core.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stream part of {@link InMemoryMessageStore}: entries, log starts and group offsets per stream.
 *
 * <p>Not thread-safe: the store calls it under its own monitor.
 */
final class InMemoryStreams {

    private final Map<String, Map<Integer, TreeMap<Long, StreamEntryRecord>>> entries = new HashMap<>();
    private final Map<String, Map<Integer, Long>> logStarts = new HashMap<>();
    private final Map<String, Map<String, Map<Integer, Long>>> offsets = new HashMap<>();

    private TreeMap<Long, StreamEntryRecord> partition(String stream, int partition) {
        return entries.computeIfAbsent(stream, s -> new HashMap<>()).computeIfAbsent(partition, p -> new TreeMap<>());
    }

    void append(String stream, int partition, long offset, long timestamp, byte[] encoded) {
        partition(stream, partition).put(offset, new StreamEntryRecord(offset, timestamp, encoded));
    }

    void truncate(String stream, int partition, long logStart) {
        partition(stream, partition).headMap(logStart).clear();
        logStarts.computeIfAbsent(stream, s -> new HashMap<>()).merge(partition, logStart, Math::max);
    }

    void saveOffset(String stream, String group, int partition, long offset) {
        offsets.computeIfAbsent(stream, s -> new HashMap<>()).computeIfAbsent(group, g -> new HashMap<>())
                .put(partition, offset);
    }

    void deleteGroup(String stream, String group) {
        Map<String, Map<Integer, Long>> groups = offsets.get(stream);
        if (groups != null) {
            groups.remove(group);
        }
    }

    void deleteStream(String stream) {
        entries.remove(stream);
        logStarts.remove(stream);
        offsets.remove(stream);
    }

    List<StreamPartitionRecord> partitions(String stream) {
        TreeMap<Integer, StreamPartitionRecord> out = new TreeMap<>();
        Map<Integer, Long> starts = logStarts.getOrDefault(stream, Map.of());
        entries.getOrDefault(stream, Map.of()).forEach((p, log) -> {
            long start = starts.getOrDefault(p, log.isEmpty() ? 0 : log.firstKey());
            long next = log.isEmpty() ? start : Math.max(start, log.lastKey() + 1);
            out.put(p, new StreamPartitionRecord(p, start, next));
        });
        starts.forEach((p, start) -> out.putIfAbsent(p, new StreamPartitionRecord(p, start, start)));
        return new ArrayList<>(out.values());
    }

    List<StreamEntryRecord> entries(String stream, int partition, long fromOffset, int limit) {
        TreeMap<Long, StreamEntryRecord> log = entries.getOrDefault(stream, Map.of()).get(partition);
        if (log == null) {
            return List.of();
        }
        return log.tailMap(fromOffset, true).values().stream().limit(limit).toList();
    }

    List<StreamOffsetRecord> offsets(String stream) {
        List<StreamOffsetRecord> out = new ArrayList<>();
        offsets.getOrDefault(stream, Map.of()).forEach((g, parts) -> parts.forEach((p, o) ->
                out.add(new StreamOffsetRecord(g, p, o))));
        return out;
    }
}
