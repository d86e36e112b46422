package io.tributary.core;

/**
 * Who opens a connection to the engine.
 *
 * @param containerId   the protocol-level id of the peer (the AMQP container id); never null
 * @param clientId      the JMS client id, or null; at most one open connection may hold a client id
 * @param user          the authenticated user name, or null when anonymous
 * @param remoteAddress where the peer connects from ({@code /10.0.0.7:50412}, {@code vm}), or null when unknown
 */
public record ConnectionInfo(String containerId, String clientId, String user, String remoteAddress) {
    public ConnectionInfo {
        if (containerId == null || containerId.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "connection container id is empty");
        }
    }

    /** A connection whose remote address is not known. */
    public ConnectionInfo(String containerId, String clientId, String user) {
        this(containerId, clientId, user, null);
    }
}
