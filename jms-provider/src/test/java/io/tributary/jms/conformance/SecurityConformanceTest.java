package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

/**
 * Credentials (Jakarta Messaging 3.1, 6.1.3 and 6.2.4): a connection or context made with a user and password the
 * broker does not accept fails at once with JMSSecurityException / JMSSecurityRuntimeException, and one with the
 * right password works. The broker behind {@link #createConnectionFactory()} must know {@link #USER} with
 * {@link #PASSWORD} and let connections without a user in (anonymous is the default).
 */
public abstract class SecurityConformanceTest extends ConformanceBase {

    /** A user the broker knows. */
    protected static final String USER = "alice";
    /** {@link #USER}'s password. */
    protected static final String PASSWORD = "wonderland";

    @Test
    void aConnectionWithTheRightPasswordSendsAndReceives() throws Exception {
        try (Connection c = factory.createConnection(USER, PASSWORD)) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = queue(s);
            s.createProducer(q).send(s.createTextMessage("let in"));
            assertEquals("let in", ((TextMessage) s.createConsumer(q).receive(RECEIVE_TIMEOUT)).getText());
        }
    }

    @Test
    void createConnectionWithAWrongPasswordThrowsJmsSecurityException() {
        assertThrows(JMSSecurityException.class, () -> factory.createConnection(USER, "not-" + PASSWORD).close());
        assertThrows(JMSSecurityException.class, () -> factory.createConnection(USER, "").close());
    }

    @Test
    void createConnectionAsAnUnknownUserThrowsJmsSecurityException() {
        assertThrows(JMSSecurityException.class, () -> factory.createConnection("mallory", PASSWORD).close());
    }

    @Test
    void createContextWithAWrongPasswordThrowsJmsSecurityRuntimeException() {
        assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext(USER, "not-" + PASSWORD).close());
        assertThrows(JMSSecurityRuntimeException.class,
                () -> factory.createContext(USER, "not-" + PASSWORD, JMSContext.CLIENT_ACKNOWLEDGE).close());
    }

    @Test
    void aContextWithTheRightPasswordWorks() {
        try (JMSContext context = factory.createContext(USER, PASSWORD)) {
            Queue q = context.createQueue(unique("q"));
            context.createProducer().send(q, "let in");
            assertEquals("let in", context.createConsumer(q).receiveBody(String.class, RECEIVE_TIMEOUT));
        }
    }

    @Test
    void aConnectionWithoutAUserIsLetInByDefault() throws Exception {
        try (Connection c = factory.createConnection()) {
            c.start();
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        }
    }
}
