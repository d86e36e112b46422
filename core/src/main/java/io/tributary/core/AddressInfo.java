package io.tributary.core;

/**
 * A snapshot of one address or queue.
 *
 * @param name          the address (for a subscription queue, its internal queue name)
 * @param kind          the kind
 * @param temporary     a temporary destination
 * @param messageCount  messages waiting (queues: not yet acknowledged; streams: log length)
 * @param consumerCount open consumers
 * @param settings      the effective settings
 * @param configured    declared in the broker's configuration, whose settings for it apply again at each start (a
 *                      run-time change lasts until the next start); false for an address created by a client or the
 *                      management API, whose run-time changes are stored and kept
 */
public record AddressInfo(String name, AddressKind kind, boolean temporary, long messageCount, int consumerCount,
                          AddressSettings settings, boolean configured) {
}
