package io.tributary.core.store;

/**
 * One stored trace event (see {@code io.tributary.core.MessageTrace}). The first event of a trace (received) carries
 * the keys a message is found by; the others carry null there.
 *
 * @param id            the event's number, increasing in the order events were recorded
 * @param brokerId      the broker's id of the message on {@code address}: the events of one trace share it
 * @param time          epoch milliseconds
 * @param type          the event type
 * @param address       the address the message is on
 * @param messageId     received only: the JMSMessageID form of the message-id, or null
 * @param correlationId received only: the JMSCorrelationID form of the correlation-id, or null
 * @param properties    received only: the application properties as a flat JSON object of strings, or null
 * @param details       the event's details as a flat JSON object (strings, numbers, lists of strings)
 */
public record TraceEventRecord(long id, long brokerId, long time, String type, String address, String messageId,
                               String correlationId, String properties, String details) {
}
