package io.tributary.core;

import java.time.Instant;

/**
 * A snapshot of one consumer of a queue, for operators looking for the one that is stuck: a consumer with unsettled
 * deliveries whose last acknowledgement is long ago holds its messages and does not process them.
 *
 * @param connection          the engine id of its connection ({@link ConnectionStatus#id()})
 * @param link                the protocol layer's name for it (the AMQP link name), as
 *                            {@link ConnectionDetail.Link#name()} has it
 * @param user                the connection's authenticated user, or null when anonymous
 * @param remoteAddress       where the connection comes from, or null when unknown
 * @param since               when it attached
 * @param credit              its credit not yet used
 * @param unsettled           its deliveries not yet settled
 * @param delivered           messages delivered to it
 * @param acknowledged        its deliveries settled as accepted
 * @param selector            its JMS message selector, or null
 * @param lastDelivery        when it was last given a message, or null when never
 * @param lastAcknowledgement when it last accepted a message, or null when never
 */
public record ConsumerStatus(String connection, String link, String user, String remoteAddress, Instant since,
                             int credit, int unsettled, long delivered, long acknowledged, String selector,
                             Instant lastDelivery, Instant lastAcknowledgement) {
}
