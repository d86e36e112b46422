package io.tributary.core.engine;

import io.tributary.core.AddressInfo;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.ClientText;
import io.tributary.core.stream.StreamLog;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One address in the registry: its kind and settings, and its queue (QUEUE), its subscription
 * queues (TOPIC) or its {@link StreamLog} (STREAM).
 *
 * <p>Thread-safe: the subscription list is copy-on-write (read on every topic send, changed rarely),
 * the rest is final or volatile. Readers take {@link #settings} afresh for each decision, so a change applies to
 * what happens next.
 */
final class AddressState {

    final String name;
    final AddressKind kind;
    /** Changed at run time by {@link AddressRegistry#change} (the settings that may change live). */
    volatile AddressSettings settings;
    final boolean temporary;
    /** Declared in the configuration, whose settings apply again at each start (see {@link AddressInfo#configured}). */
    final boolean configured;
    /** The connection that made a temporary address, or null. */
    final String ownerConnectionId;
    final CopyOnWriteArrayList<MessageQueue> subscriptions = new CopyOnWriteArrayList<>();
    /** The queue of a QUEUE address (set once right after construction). */
    volatile MessageQueue queue;
    /** The log of a STREAM address (set once right after construction). */
    volatile StreamLog stream;
    volatile boolean deleted;
    /** The ids this address remembers, or null when its duplicate detection is off. */
    final DuplicateIds duplicates;

    AddressState(String name, AddressKind kind, AddressSettings settings, boolean temporary,
                 String ownerConnectionId, boolean configured) {
        this.name = name;
        this.kind = kind;
        this.settings = settings;
        this.temporary = temporary;
        this.configured = configured;
        this.ownerConnectionId = ownerConnectionId;
        this.duplicates = settings.duplicateDetection().enabled()
                ? new DuplicateIds(name, settings.duplicateDetection()) : null;
    }

    /** The first queue of this address that is over its memory budget, or null. */
    MessageQueue firstOverBudget() {
        MessageQueue q = queue;
        if (q != null) {
            return q.overBudget() ? q : null;
        }
        for (MessageQueue s : subscriptions) {
            if (s.overBudget()) {
                return s;
            }
        }
        return null;
    }

    /**
     * Whether a message sent here ({@code durable} or not) is kept in the store, so that a queue can page it out
     * (or a persistent stream keep it out of the heap) instead of holding it in the heap.
     */
    boolean pageable(boolean durable) {
        StreamLog log = stream;
        if (log != null) {
            return log.persistent();
        }
        MessageQueue q = queue;
        if (q != null) {
            return durable && q.persistent;
        }
        for (MessageQueue s : subscriptions) {
            if (!s.persistent) {
                return false;
            }
        }
        return durable || subscriptions.isEmpty();
    }

    int consumerCount() {
        MessageQueue q = queue;
        StreamLog log = stream;
        int n = (q == null ? 0 : q.consumerCount()) + (log == null ? 0 : log.consumerCount());
        for (MessageQueue s : subscriptions) {
            n += s.consumerCount();
        }
        return n;
    }

    AddressInfo info() {
        MessageQueue q = queue;
        StreamLog log = stream;
        long messages = (q == null ? 0 : q.messageCount()) + (log == null ? 0 : log.messageCount());
        for (MessageQueue s : subscriptions) {
            messages += s.messageCount();
        }
        return new AddressInfo(name, kind, temporary, messages, consumerCount(), settings, configured);
    }

    /** For logs: the name as {@link ClientText#safe} shows it, since a client may have named the address. */
    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + ClientText.safe(name);
    }
}
