package io.tributary.core.store.jdbc;

import java.util.Arrays;

/**
 * A map from long to int in two primitive arrays (open addressing, linear probing, deletion by shifting back), for
 * the journal's reference count of every live message: 12 bytes an entry at a load of at most 2/3, where a
 * {@code HashMap<Long, Integer>} takes about 64. A value of 0 is never stored: {@link #get} answers 0 for a missing
 * key and {@link #put} of 0 removes it.
 *
 * <p>Not thread-safe.
 */
final class LongIntMap {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap() {
        allocate(16);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value, 0 when absent. */
    int get(long key) {
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == EMPTY) {
                return 0;
            }
        }
    }

    /** Sets the value; 0 removes the key. {@code key} must not be {@link Long#MIN_VALUE}. */
    void put(long key, int value) {
        if (value == 0) {
            remove(key);
            return;
        }
        int i = hash(key) & mask;
        for (; keys[i] != EMPTY; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 3 > keys.length * 2) {
            rehash(keys.length * 2);
        }
    }

    /** Adds {@code delta} to the value (a missing key counts as 0); answers the new value. */
    int add(long key, int delta) {
        int v = get(key) + delta;
        put(key, v);
        return v;
    }

    private void remove(long key) {
        int i = hash(key) & mask;
        for (; keys[i] != key; i = (i + 1) & mask) {
            if (keys[i] == EMPTY) {
                return;
            }
        }
        // shift back the entries of the probe run behind i that may sit in the freed slot
        int free = i;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            boolean movable = free <= j ? home <= free || home > j : home <= free && home > j;
            if (movable) {
                keys[free] = keys[j];
                values[free] = values[j];
                free = j;
            }
        }
        keys[free] = EMPTY;
        values[free] = 0;
        size--;
        if (keys.length > 16 && size * 8 < keys.length) {
            rehash(keys.length / 2);
        }
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
