package io.tributary.core.store;

import io.tributary.core.MessageTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What every store does alike with trace events. Stateless. */
public final class TraceEvents {

    private TraceEvents() {
    }

    /**
     * The events of the trace that {@code first} begins, from the events of its broker id from {@code first} on (in
     * id order): up to the next first event of the same broker id (a restarted in-memory count may reuse an id).
     */
    public static List<TraceEventRecord> oneTrace(TraceEventRecord first,
                                                  List<TraceEventRecord> sameBrokerIdFromFirst) {
        List<TraceEventRecord> out = new ArrayList<>();
        for (TraceEventRecord e : sameBrokerIdFromFirst) {
            if (e.id() != first.id() && MessageTrace.RECEIVED.equals(e.type())) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /**
     * What a lookup answers from the store's answer to {@code query} ({@code stored}, as {@link
     * MessageStore#findTrace} gives it) and the events not written yet ({@code pending}): the traces whose first event
     * matches, of the newest {@code maxTraces} such, each in id (that is, recording) order; an event in both lists
     * (written between the two reads) once.
     */
    public static List<TraceEventRecord> merge(List<TraceEventRecord> stored, List<TraceEventRecord> pending,
                                               TraceQuery query, int maxTraces) {
        if (pending.isEmpty()) {
            return stored;
        }
        TreeMap<Long, TraceEventRecord> byId = new TreeMap<>();
        for (TraceEventRecord e : stored) {
            byId.put(e.id(), e);
        }
        for (TraceEventRecord e : pending) {
            byId.putIfAbsent(e.id(), e);
        }
        List<TraceEventRecord> firsts = new ArrayList<>();
        for (TraceEventRecord e : byId.descendingMap().values()) {
            if (firsts.size() == maxTraces) {
                break;
            }
            if (MessageTrace.RECEIVED.equals(e.type()) && query.matches(e)) {
                firsts.add(0, e);
            }
        }
        List<TraceEventRecord> out = new ArrayList<>();
        for (TraceEventRecord first : firsts) {
            out.addAll(oneTrace(first, byId.tailMap(first.id(), true).values().stream()
                    .filter(e -> e.brokerId() == first.brokerId()).toList()));
        }
        return out;
    }
}
