package io.tributary.core;

/**
 * A snapshot of one queue (a queue address, or a subscription queue of a topic) for operators.
 *
 * @param name            the queue's name (for a subscription, {@code <topic>::<key>})
 * @param address         the address it belongs to
 * @param depth           messages not yet acknowledged: ready, scheduled, in flight and paged out
 * @param inFlight        delivered and not yet settled
 * @param scheduled       waiting for their delivery time (scheduled delivery or a redelivery delay)
 * @param pagedOut        kept only in the store until they are paged back in
 * @param consumers       open consumers (browsers included)
 * @param enqueued        messages that entered the queue since the broker started
 * @param delivered       deliveries made since the broker started (redeliveries count again)
 * @param acknowledged    messages acknowledged (removed by their consumer) since the broker started
 * @param deadLettered    messages moved to the dead-letter address (or dropped there) since the broker started
 * @param expired         messages that expired since the broker started
 * @param oldestAgeMillis age of the oldest message held in the heap by its creation time (JMSTimestamp), or -1
 *                        when none is held or the oldest one has no creation time
 * @param paging          true while new durable messages go to the store only (over the queue's memory budget or
 *                        the broker's global limit)
 * @param memoryBytes     the encoded bytes of the messages the queue holds in the heap
 */
public record QueueStatus(String name, String address, long depth, long inFlight, long scheduled, long pagedOut,
                          int consumers, long enqueued, long delivered, long acknowledged, long deadLettered,
                          long expired, long oldestAgeMillis, boolean paging, long memoryBytes) {
}
