package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The factory as a bean, and a client id set administratively (Connection.setClientID javadoc). */
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
}
