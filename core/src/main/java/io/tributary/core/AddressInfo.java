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
 */
public record AddressInfo(String name, AddressKind kind, boolean temporary, long messageCount, int consumerCount,
                          AddressSettings settings) {
}
