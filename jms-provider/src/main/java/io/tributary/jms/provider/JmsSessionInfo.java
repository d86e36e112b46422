package io.tributary.jms.provider;

/**
 * A session.
 *
 * @param sessionId       unique within the connection
 * @param transacted      a transacted session
 * @param acknowledgeMode the JMS acknowledge mode (Session.AUTO_ACKNOWLEDGE ...)
 */
public record JmsSessionInfo(long sessionId, boolean transacted, int acknowledgeMode) implements JmsResourceInfo {
}
