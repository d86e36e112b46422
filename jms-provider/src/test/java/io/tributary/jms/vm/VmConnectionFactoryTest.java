package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The factory as a bean and through its URL options, a client id set administratively (Connection.setClientID
 * javadoc), and remote URLs handed to Qpid JMS.
 */
@Timeout(30)
class VmConnectionFactoryTest {

    @Test
    void beanPropertiesAreKept() {
        TributaryConnectionFactory cf = new TributaryConnectionFactory();
        assertEquals(TributaryConnectionFactory.DEFAULT_BROKER_URL, cf.getBrokerURL());
        cf.setBrokerURL("vm://bean");
        cf.setUser("u");
        cf.setPassword("p");
        cf.setClientID("c");
        assertEquals("vm://bean", cf.getBrokerURL());
        assertEquals("u", cf.getUser());
        assertEquals("p", cf.getPassword());
        assertEquals("c", cf.getClientID());
    }

    @Test
    void anAdministrativeClientIdIsUsedAndCannotBeChanged() throws Exception {
        TributaryConnectionFactory cf = new TributaryConnectionFactory("vm://admin-" + System.nanoTime());
        cf.setClientID("admin-id");
        try (Connection c = cf.createConnection()) {
            assertEquals("admin-id", c.getClientID());
            assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
            assertThrows(InvalidClientIDException.class, cf::createConnection, "the id is in use");
        }
        try (JMSContext ctx = cf.createContext()) {
            assertThrows(IllegalStateRuntimeException.class, () -> ctx.setClientID("other"));
        }
    }

    @Test
    void theUrlConfiguresTheClientIdAndABeanPropertyWinsOverIt() throws Exception {
        String name = "vm://url-admin-" + System.nanoTime();
        TributaryConnectionFactory cf = new TributaryConnectionFactory(name + "?jms.clientID=from-url");
        try (Connection c = cf.createConnection()) {
            assertEquals("from-url", c.getClientID());
            assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
        }
        cf.setClientID("from-bean");
        try (Connection c = cf.createConnection()) {
            assertEquals("from-bean", c.getClientID());
        }
    }

    @Test
    void anUnknownJmsOptionFailsCreateConnectionNamingItAndMaskingThePassword() {
        JMSException e = assertThrows(JMSException.class, () -> new TributaryConnectionFactory(
                "vm://bad-option?jms.password=secret&jms.clientId=x").createConnection());
        assertTrue(e.getMessage().contains("unknown option 'jms.clientId'"), e.getMessage());
        assertTrue(e.getMessage().contains("jms.clientID"), "lists the known names: " + e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        JMSRuntimeException r = assertThrows(JMSRuntimeException.class, () -> new TributaryConnectionFactory(
                "vm://bad-option?jms.prefetchPolicy.queuePrefetch=0").createContext());
        assertTrue(r.getMessage().contains("jms.prefetchPolicy.queuePrefetch='0' must be an integer >= 1"),
                r.getMessage());
    }

    @Test
    void theDocumentedJmsPrefetchStillWorks() throws Exception {
        TributaryConnectionFactory cf = new TributaryConnectionFactory("vm://old-prefetch-" + System.nanoTime()
                + "?jms.prefetch=1");
        try (Connection c = cf.createConnection(); Connection other = cf.createConnection()) {
            c.start();
            other.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("prefetch.one");
            for (int i = 0; i < 3; i++) {
                s.createProducer(q).send(s.createTextMessage("m" + i));
            }
            assertNotNull(s.createConsumer(q).receive(5_000));
            assertNotNull(other.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).receive(5_000));
        }
    }

    @Test
    void aRemoteUrlIsHandedToQpidJmsWithItsOptionsAndItsErrorsNameTheUrl() {
        JMSException unknown = assertThrows(JMSException.class,
                () -> new TributaryConnectionFactory("amqp://127.0.0.1:1?jms.noSuchOption=1").createConnection());
        assertTrue(unknown.getMessage().contains("noSuchOption"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("amqp://127.0.0.1:1"), unknown.getMessage());
        TributaryConnectionFactory refused = new TributaryConnectionFactory("amqp://127.0.0.1:1?jms.prefetch=5");
        refused.setClientID("remote-id");
        assertThrows(JMSException.class, refused::createConnection, "nothing listens on port 1");
    }
}
