package io.tributary.core.store;

import io.tributary.core.MessageTrace;
import java.util.ArrayList;
import java.util.List;

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
}
