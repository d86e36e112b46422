package io.tributary.core.engine;

/**
 * How a message entered an address, for the first event of its trace there. Immutable.
 *
 * @param via          send, transaction, dead-letter, expiry, move, retry
 * @param from         the address it came from (a move by the broker or an operator), or null
 * @param fromBrokerId its broker id there, or 0
 * @param traced       it was traced there: it stays traced, whatever this address's sampling says
 */
record TraceOrigin(String via, String from, long fromBrokerId, boolean traced) {

    static final TraceOrigin SEND = new TraceOrigin("send", null, 0, false);
    static final TraceOrigin TRANSACTION = new TraceOrigin("transaction", null, 0, false);

    /** An entry of {@code queue} moved on by the broker or an operator. */
    static TraceOrigin moved(String via, MessageQueue queue, QueueEntry e) {
        return new TraceOrigin(via, queue.address.name, e.messageId, e.traced);
    }
}
