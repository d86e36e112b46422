package io.tributary.core.store;

import io.tributary.core.MessageTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The trace events of an {@link InMemoryMessageStore}, oldest first.
 *
 * <p>Not thread-safe: guarded by the store's monitor.
 */
final class InMemoryTrace {

    private final Deque<TraceEventRecord> events = new ArrayDeque<>();
    private long maxId;

    void add(List<TraceEventRecord> added) {
        events.addAll(added);
        for (TraceEventRecord e : added) {
            maxId = Math.max(maxId, e.id());
        }
    }

    void prune(long olderThan, long upToId) {
        events.removeIf(e -> e.time() < olderThan || e.id() <= upToId);
    }

    long maxId() {
        return maxId;
    }

    List<TraceEventRecord> ofType(String address, String type) {
        return events.stream().filter(e -> e.type().equals(type) && address.equals(e.address()))
                .sorted(Comparator.comparingLong(TraceEventRecord::id)).toList();
    }

    List<TraceEventRecord> find(TraceQuery query, int maxTraces) {
        List<TraceEventRecord> firsts = new ArrayList<>();
        for (Iterator<TraceEventRecord> it = events.descendingIterator(); it.hasNext() && firsts.size() < maxTraces; ) {
            TraceEventRecord e = it.next();
            if (MessageTrace.RECEIVED.equals(e.type()) && query.matches(e)) {
                firsts.add(0, e);
            }
        }
        List<TraceEventRecord> out = new ArrayList<>();
        for (TraceEventRecord first : firsts) {
            out.addAll(TraceEvents.oneTrace(first, events.stream()
                    .filter(e -> e.brokerId() == first.brokerId() && e.id() >= first.id()).toList()));
        }
        return out;
    }
}
