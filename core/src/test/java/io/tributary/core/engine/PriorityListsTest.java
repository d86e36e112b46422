package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.message.MessageBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityListsTest {

    private long seq;

    private QueueEntry entry(int priority) {
        QueueEntry e = new QueueEntry(++seq, MessageBuilder.create().priority(priority).body("x").build(), 0, 0, 0,
                false);
        e.seq = seq;
        return e;
    }

    private static List<Long> order(MessageContainer c) {
        List<Long> out = new ArrayList<>();
        for (QueueEntry e = c.first(); e != null; e = c.next(e)) {
            out.add(e.seq);
        }
        return out;
    }

    @Test
    void iteratesHighPriorityFirstThenBySeq() {
        PriorityLists c = new PriorityLists();
        c.add(entry(0));
        c.add(entry(9));
        c.add(entry(4));
        c.add(entry(9));
        assertEquals(List.of(2L, 4L, 3L, 1L), order(c));
        assertEquals(4, c.size());
    }

    @Test
    void restoreReturnsAnEntryToItsPlaceBySeq() {
        PriorityLists c = new PriorityLists();
        QueueEntry a = entry(4);
        QueueEntry b = entry(4);
        QueueEntry d = entry(4);
        c.add(a);
        c.add(b);
        c.add(d);
        c.remove(a);
        c.remove(d);
        assertEquals(List.of(2L), order(c));
        c.restore(d);
        c.restore(a);
        assertEquals(List.of(1L, 2L, 3L), order(c));
    }

    @Test
    void removeAllEmptiesInDeliveryOrder() {
        PriorityLists c = new PriorityLists();
        c.add(entry(1));
        c.add(entry(7));
        List<QueueEntry> all = c.removeAll();
        assertEquals(List.of(2L, 1L), all.stream().map(e -> e.seq).toList());
        assertTrue(c.isEmpty());
        assertNull(c.first());
    }

    @Test
    void prioritiesAboveNineCountAsNine() {
        PriorityLists c = new PriorityLists();
        c.add(entry(9));
        c.add(entry(200));
        assertEquals(List.of(1L, 2L), order(c));
    }
}
