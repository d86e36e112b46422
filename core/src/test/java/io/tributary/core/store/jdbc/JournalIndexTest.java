package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The journal index's primitive structures against the JDK collections they replace, under random operations: a
 * queue's references ({@link RefIndex}: mostly ascending ids, some out of order, removals from the front and the
 * middle, chunk splits) and the reference counts ({@link LongIntMap}: growth, deletion with the probe runs shifted
 * back, shrinking).
 */
class JournalIndexTest {

    @Test
    void refIndexKeepsWhatATreeMapKeeps() {
        Random random = new Random(42);
        RefIndex index = new RefIndex();
        TreeMap<Long, long[]> expected = new TreeMap<>();
        long next = 1;
        for (int step = 0; step < 200_000; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                long id = random.nextInt(20) == 0 && next > 10 ? 1 + random.nextInt((int) next - 1) : next++;
                long place = random.nextLong() & Long.MAX_VALUE;
                int count = random.nextInt(5);
                RefIndex.Extra extra = random.nextInt(4) == 0 ? new RefIndex.Extra(id, id + 1, "g" + id) : null;
                boolean isNew = !expected.containsKey(id);
                int replaced = index.put(id, place, 100, count, 4, 7, extra);
                assertEquals(isNew ? -1 : 7, replaced, "put " + id);
                expected.put(id, new long[] {place, count, extra == null ? 0 : 1});
            } else if (action < 9 && !expected.isEmpty()) {
                Long id = random.nextBoolean() ? expected.firstKey() : expected.ceilingKey(1 + random.nextLong(next));
                if (id == null) {
                    continue;
                }
                assertEquals(true, index.remove(id));
                expected.remove(id);
            } else {
                assertEquals(false, index.remove(next + 5));
            }
            if (step % 10_000 == 0) {
                assertSame(expected, index);
            }
        }
        assertSame(expected, index);
        long after = expected.isEmpty() ? 0 : expected.firstKey() + (expected.lastKey() - expected.firstKey()) / 2;
        List<Long> tail = new ArrayList<>();
        index.forEachAfter(after, (c, i) -> tail.add(c.ids[i]) && tail.size() < 50);
        assertEquals(new ArrayList<>(expected.tailMap(after, false).keySet()).subList(0,
                Math.min(50, expected.tailMap(after, false).size())), tail);
    }

    private static void assertSame(TreeMap<Long, long[]> expected, RefIndex index) {
        assertEquals(expected.size(), index.size());
        List<Long> ids = new ArrayList<>();
        index.forEach((c, i) -> {
            long[] e = expected.get(c.ids[i]);
            assertEquals(e[0], c.places[i], "place of " + c.ids[i]);
            assertEquals(e[1], c.counts[i], "count of " + c.ids[i]);
            if (e[2] == 0) {
                assertNull(index.extra(c.ids[i]));
            } else {
                assertEquals("g" + c.ids[i], index.extra(c.ids[i]).groupId());
            }
            ids.add(c.ids[i]);
            return true;
        });
        assertEquals(new ArrayList<>(expected.keySet()), ids);
        for (long id : expected.keySet()) {
            assertEquals(true, index.chunkOf(id) != null, "chunk of " + id);
        }
    }

    @Test
    void longIntMapKeepsWhatAHashMapKeeps() {
        Random random = new Random(7);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> expected = new HashMap<>();
        for (int step = 0; step < 300_000; step++) {
            // a small key range makes long probe runs and many deletions inside them
            long key = step < 150_000 ? random.nextInt(50_000) : random.nextInt(500) * 1024L;
            if (random.nextInt(3) == 0) {
                map.put(key, 0);
                expected.remove(key);
            } else {
                int delta = 1 + random.nextInt(3);
                assertEquals(expected.merge(key, delta, Integer::sum), map.add(key, delta));
            }
        }
        assertEquals(expected.size(), map.size());
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()), "value of " + e.getKey());
        }
        for (long key : List.copyOf(expected.keySet())) {
            map.put(key, 0);
        }
        assertEquals(0, map.size());
        assertEquals(0, map.get(5));
    }
}
