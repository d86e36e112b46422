package io.tributary.core.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The heap bytes a queue holds (the encoded sizes of its entries: ready, delayed and delivered) against
 * its memory budget, and the producers' tasks waiting for it to come back under the budget. A persistent
 * queue pages stored entries out (see {@link Pager}) instead of holding producers back; only entries that
 * cannot be paged (non-durable ones) hold them back. Every change is also counted in the broker-wide
 * {@link GlobalMemory}.
 *
 * <p>Changes happen under the owning {@link MessageQueue}'s lock; {@link #over()} is a volatile read
 * any thread may make.
 */
final class MemoryBudget {

    /** Written under the queue lock; volatile so that paging may read it as a hint. */
    private volatile long budget;
    private final GlobalMemory global;
    private final List<Runnable> waiters = new ArrayList<>();
    /** Written under the queue lock; volatile so that paging may check it as a hint without the lock. */
    private volatile long used;
    private volatile boolean over;

    MemoryBudget(long budget, GlobalMemory global) {
        this.budget = budget;
        this.global = global;
    }

    /**
     * Adds bytes. With {@code holdsBack} false (an entry that could have been paged out, loaded back by paging)
     * going over the budget does not hold producers back.
     */
    void add(int bytes, boolean holdsBack) {
        used += bytes;
        global.add(bytes);
        if (used > budget && holdsBack) {
            over = true;
        }
    }

    long used() {
        return used;
    }

    long budget() {
        return budget;
    }

    /** Frees bytes; when that brings the queue back under budget, answers the tasks to wake, else null. */
    List<Runnable> free(int bytes) {
        used -= bytes;
        global.free(bytes);
        if (over && used <= budget) {
            over = false;
            return wake();
        }
        return null;
    }

    /** Changes the budget; when that brings the queue back under it, answers the tasks to wake, else null. */
    List<Runnable> budget(long bytes) {
        budget = bytes;
        if (over && used <= budget) {
            over = false;
            return wake();
        }
        return null;
    }

    /** Sets the use (0 on delete) and answers the waiting tasks to wake, or null when none. */
    List<Runnable> reset(long bytes) {
        global.free(used - bytes);
        used = bytes;
        over = used > budget;
        return over ? null : wake();
    }

    private List<Runnable> wake() {
        if (waiters.isEmpty()) {
            return null;
        }
        List<Runnable> wake = new ArrayList<>(waiters);
        waiters.clear();
        return wake;
    }

    boolean over() {
        return over;
    }

    /** Registers a task to run once under budget; false (not registered) when it is under budget now. */
    boolean await(Runnable task) {
        if (!over) {
            return false;
        }
        waiters.add(task);
        return true;
    }
}
