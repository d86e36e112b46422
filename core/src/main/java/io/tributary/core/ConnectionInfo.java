package io.tributary.core;

/**
 * Who opens a connection to the engine.
 *
 * @param containerId the protocol-level id of the peer (the AMQP container id); never null
 * @param clientId    the JMS client id, or null; at most one open connection may hold a client id
 * @param user        the authenticated user name, or null when anonymous
 */
public record ConnectionInfo(String containerId, String clientId, String user) {
    public ConnectionInfo {
        if (containerId == null || containerId.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "connection container id is empty");
        }
    }
}
