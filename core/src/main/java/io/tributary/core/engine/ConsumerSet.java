package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consumers of one queue: competing consumers in round-robin order, browsers, the exclusive
 * consumer, message-group bindings and credit bookkeeping.
 *
 * <p>Not thread-safe: used under the owning {@link MessageQueue}'s lock.
 */
final class ConsumerSet {

    private final String queueName;
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final List<QueueConsumer> browsers = new ArrayList<>();
    private final Map<String, QueueConsumer> groups = new HashMap<>();
    private QueueConsumer exclusive;
    /** Competing consumers with credit > 0. */
    private int withCredit;
    private int roundRobin;
    /** Changes whenever a competing consumer comes or goes; starts at 1 so a fresh entry is never skipped. */
    private int epoch = 1;

    ConsumerSet(String queueName) {
        this.queueName = queueName;
    }

    void add(QueueConsumer c) {
        if (c.browse) {
            browsers.add(c);
            return;
        }
        if (exclusive != null) {
            throw new BrokerException(BrokerException.Kind.IN_USE, "queue " + queueName
                    + " has an exclusive consumer; wait until it closes");
        }
        if (c.exclusive && !consumers.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.IN_USE, "queue " + queueName + " has "
                    + consumers.size() + " consumer(s) already; an exclusive consumer must be the only one");
        }
        consumers.add(c);
        epoch++;
        if (c.exclusive) {
            exclusive = c;
        }
    }

    /** Removes a consumer and its group bindings; false when it was not here. */
    boolean remove(QueueConsumer c) {
        boolean present = c.browse ? browsers.remove(c) : consumers.remove(c);
        if (!present) {
            return false;
        }
        setCredit(c, 0);
        epoch++;
        if (exclusive == c) {
            exclusive = null;
        }
        groups.values().removeIf(bound -> bound == c);
        return true;
    }

    /** Frees a group from a consumer that may not take one of its messages. */
    void unbindGroup(String groupId, QueueConsumer c) {
        if (groupId != null) {
            groups.remove(groupId, c);
        }
    }

    /** Removes every consumer; answers them. */
    List<QueueConsumer> clear() {
        List<QueueConsumer> all = new ArrayList<>(consumers);
        all.addAll(browsers);
        consumers.clear();
        browsers.clear();
        groups.clear();
        exclusive = null;
        withCredit = 0;
        return all;
    }

    void addCredit(QueueConsumer c, int credit) {
        setCredit(c, (int) Math.min(Integer.MAX_VALUE, (long) c.credit + credit));
    }

    void useCredit(QueueConsumer c) {
        setCredit(c, c.credit - 1);
    }

    private void setCredit(QueueConsumer c, int credit) {
        if (!c.browse) {
            if (c.credit > 0 && credit == 0) {
                withCredit--;
            } else if (c.credit == 0 && credit > 0) {
                withCredit++;
            }
        }
        c.credit = credit;
    }

    /** Some competing consumer has credit. */
    boolean anyCredit() {
        return withCredit > 0;
    }

    /** Every competing consumer has credit: a pick that fails now fails for want of a match, not credit. */
    boolean allCredited() {
        return withCredit == consumers.size();
    }

    /** Some browser has credit. */
    boolean anyBrowserCredit() {
        for (QueueConsumer b : browsers) {
            if (b.credit > 0) {
                return true;
            }
        }
        return false;
    }

    int epoch() {
        return epoch;
    }

    /** Dispatch should run when an entry arrives. */
    boolean wantsEntries() {
        return withCredit > 0 || !browsers.isEmpty();
    }

    List<QueueConsumer> browsers() {
        return browsers;
    }

    int size() {
        return consumers.size();
    }

    /** The competing (not browsing) consumers, which hold unsettled deliveries. */
    List<QueueConsumer> competing() {
        return consumers;
    }

    /**
     * The consumer to take {@code e} now, or null: its group's consumer if the group is bound, else the
     * next consumer in round-robin order with credit that accepts it (binding the group to it).
     */
    QueueConsumer pick(QueueEntry e) {
        if (e.groupId != null) {
            QueueConsumer bound = groups.get(e.groupId);
            if (bound != null) {
                return bound.credit > 0 && bound.accepts(e) ? bound : null;
            }
        }
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            int index = (roundRobin + i) % n;
            QueueConsumer c = consumers.get(index);
            if (c.credit > 0 && c.accepts(e)) {
                roundRobin = index + 1;
                if (e.groupId != null) {
                    groups.put(e.groupId, c);
                }
                return c;
            }
        }
        return null;
    }

    /**
     * Ends every requested drain: credit to zero, drained reported after the lock. A browser with credit left that
     * waits for paged-out entries from the store has not reached the end yet: its drain stays open.
     */
    void finishDrains(AfterLock work) {
        finishDrains(consumers, work);
        finishDrains(browsers, work);
    }

    private void finishDrains(List<QueueConsumer> list, AfterLock work) {
        for (QueueConsumer c : list) {
            if (c.draining && !(c.browse && c.credit > 0 && c.browsing.loading())) {
                c.draining = false;
                setCredit(c, 0);
                work.drained(c);
            }
        }
    }
}
