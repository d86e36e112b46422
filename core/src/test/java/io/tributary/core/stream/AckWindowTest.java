package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AckWindowTest {

    @Test
    void inOrderAcknowledgementsMoveTheCommittedOffset() {
        AckWindow w = new AckWindow(10);
        assertTrue(w.ack(10));
        assertTrue(w.ack(11));
        assertEquals(12, w.committed());
        assertFalse(w.ack(5), "below the committed offset changes nothing");
    }

    @Test
    void aGapHoldsTheCommitBackUntilItIsFilled() {
        AckWindow w = new AckWindow(0);
        assertFalse(w.ack(1));
        assertFalse(w.ack(3));
        assertEquals(0, w.committed());
        assertTrue(w.acknowledged(3));
        assertFalse(w.acknowledged(2));
        assertTrue(w.ack(0));
        assertEquals(2, w.committed());
        assertTrue(w.ack(2));
        assertEquals(4, w.committed());
    }

    @Test
    void advancingPastAcknowledgedOffsetsKeepsTheOnesAbove() {
        AckWindow w = new AckWindow(0);
        w.ack(5, 8);
        assertTrue(w.advanceTo(4));
        assertEquals(4, w.committed());
        assertTrue(w.advanceTo(5));
        assertEquals(8, w.committed());
    }

    @Test
    void agreesWithASetOnRandomAcknowledgementOrders() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Long> offsets = new ArrayList<>();
            for (long o = 0; o < 100; o++) {
                offsets.add(o);
            }
            Collections.shuffle(offsets, random);
            AckWindow w = new AckWindow(0);
            TreeSet<Long> done = new TreeSet<>();
            for (long o : offsets) {
                w.ack(o);
                done.add(o);
                long expected = 0;
                while (done.contains(expected)) {
                    expected++;
                }
                assertEquals(expected, w.committed());
            }
        }
    }
}
