package io.tributary.jms.provider;

/**
 * A connection as the JMS layer opens it.
 *
 * @param connectionId unique id of this JMS connection (AMQP container id for wire providers)
 * @param clientId     the JMS client id, or null
 * @param user         the user, or null
 * @param password     the password, or null
 */
public record JmsConnectionInfo(String connectionId, String clientId, String user, String password) {
    @Override
    public String toString() {
        return "JmsConnectionInfo[" + connectionId + ", clientId=" + clientId + ", user=" + user + "]";
    }
}
