package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PagedOutTest {

    @Test
    void answersIdsInArrivalOrderAcrossBlocksWhileAddingAndRemoving() {
        PagedOut paged = new PagedOut();
        ArrayDeque<Long> model = new ArrayDeque<>();
        Random random = new Random(42);
        long next = 1;
        for (int round = 0; round < 2000; round++) {
            int adds = random.nextInt(3000);
            for (int i = 0; i < adds; i++) {
                paged.add(next, 100);
                model.addLast(next++);
            }
            int n = random.nextInt(2500);
            long[] expected = model.stream().limit(n).mapToLong(Long::longValue).toArray();
            assertArrayEquals(expected, paged.first(n));
            int removed = random.nextInt(expected.length + 1);
            paged.removeFirst(removed, removed * 100L);
            for (int i = 0; i < removed; i++) {
                model.removeFirst();
            }
            assertEquals(model.size(), paged.size());
        }
    }

    @Test
    void answersIdsFromAnyOrdinalWhileTheHeadIsRemoved() {
        PagedOut paged = new PagedOut();
        ArrayDeque<Long> model = new ArrayDeque<>();
        Random random = new Random(7);
        long next = 1;
        long removed = 0;
        for (int round = 0; round < 500; round++) {
            int adds = random.nextInt(5000);
            for (int i = 0; i < adds; i++) {
                paged.add(next, 10);
                model.addLast(next++);
            }
            assertEquals(removed, paged.headOrdinal());
            assertEquals(removed + model.size(), paged.endOrdinal());
            long ordinal = removed - 3 + random.nextInt(model.size() + 6);
            int n = random.nextInt(600);
            long skip = ordinal - removed;
            long[] expected = skip < 0 ? new long[0]
                    : model.stream().skip(skip).limit(n).mapToLong(Long::longValue).toArray();
            assertArrayEquals(expected, paged.from(ordinal, n), "from " + ordinal + " after " + removed + " removed");
            int remove = random.nextInt(model.size() + 1);
            paged.removeFirst(remove, remove * 10L);
            for (int i = 0; i < remove; i++) {
                model.removeFirst();
            }
            removed += remove;
        }
    }

    @Test
    void ordinalsGoOnAfterAClear() {
        PagedOut paged = new PagedOut();
        LongStream.rangeClosed(1, 100).forEach(id -> paged.add(id, 10));
        paged.removeFirst(30, 300);
        paged.clear();
        assertEquals(100, paged.headOrdinal());
        paged.add(500, 10);
        assertArrayEquals(new long[] {500}, paged.from(100, 5));
        assertArrayEquals(new long[0], paged.from(99, 5));
    }

    @Test
    void clearAnswersEverythingAndStartsANewGeneration() {
        PagedOut paged = new PagedOut();
        LongStream.rangeClosed(1, 10_000).forEach(id -> paged.add(id, 10));
        long generation = paged.generation();

        long[] all = paged.clear();

        assertArrayEquals(LongStream.rangeClosed(1, 10_000).toArray(), all);
        assertTrue(paged.isEmpty());
        assertTrue(paged.generation() != generation);
        paged.add(7, 10);
        assertArrayEquals(new long[] {7}, paged.first(5));
    }

    @Test
    void averagesTheSizeOfWhatIsPagedOut() {
        PagedOut paged = new PagedOut();
        assertEquals(1, paged.averageSize());
        paged.add(1, 1000);
        paged.add(2, 3000);
        assertEquals(2000, paged.averageSize());
        paged.removeFirst(1, 1000);
        assertEquals(3000, paged.averageSize());
    }

    @Test
    void anIdTakenOutOfTheMiddleKeepsItsPlaceButNoLongerCounts() {
        PagedOut paged = new PagedOut();
        LongStream.rangeClosed(1, 5000).forEach(id -> paged.add(id, 10));
        assertTrue(paged.contains(4500));
        assertTrue(paged.remove(4500));
        assertFalse(paged.remove(4500), "taken out once");
        assertFalse(paged.contains(4500));
        assertTrue(paged.removed(4500));
        assertFalse(paged.remove(9999), "never held");
        assertEquals(4999, paged.count());
        assertEquals(5000, paged.size(), "ordinals stay as they were");
        assertEquals(5000, paged.endOrdinal());

        paged.removeFirst(4600, 46_000);
        assertFalse(paged.removed(4500), "forgotten once the head moves past it");
        assertEquals(400, paged.count());
        assertTrue(paged.remove(4700));
        long[] cleared = paged.clear();
        assertEquals(399, cleared.length, "a purge answers only the ids still paged out");
        assertEquals(0, paged.count());
    }
}
