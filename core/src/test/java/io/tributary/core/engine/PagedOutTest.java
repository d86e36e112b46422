package io.tributary.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
