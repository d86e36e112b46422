package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import org.junit.jupiter.api.Test;

/**
 * Administered objects (Jakarta Messaging 3.1 "Administered objects", "Client identifier"): connection
 * factories configured through JNDI entries, {@code connectionFactory.NAME=URL?options}, with the option names
 * Qpid JMS users know. Only {@code jakarta.jms} and {@code javax.naming} are used; each configuration says which
 * InitialContextFactory it uses and the URL of its broker.
 */
public abstract class AdministrationConformanceTest extends ConformanceBase {

    /** The InitialContextFactory class of this configuration. */
    protected abstract String initialContextFactory();

    /** The broker URL without options; the tests append theirs after '?'. */
    protected abstract String brokerUrl();

    @Override
    protected ConnectionFactory createConnectionFactory() throws Exception {
        return factory("plain", "");
    }

    /** The factory bound as {@code connectionFactory.NAME = brokerUrl()?options}. */
    protected ConnectionFactory factory(String name, String options) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, initialContextFactory());
        env.put("connectionFactory." + name, options.isEmpty() ? brokerUrl() : brokerUrl() + "?" + options);
        return (ConnectionFactory) new InitialContext(env).lookup(name);
    }

    @Test
    void administeredObjects_aClientIdConfiguredOnTheFactoryIsTheConnectionsAndIsFixed() throws Exception {
        String id = unique("admin");
        ConnectionFactory f = factory("durable", "jms.clientID=" + id);
        Connection c = track(f.createConnection());
        assertEquals(id, c.getClientID());
        assertThrows(IllegalStateException.class, () -> c.setClientID(unique("other")));
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = topic(s);
        String name = unique("sub");
        s.createDurableSubscriber(t, name).close();
        s.createProducer(t).send(s.createTextMessage("kept for " + id));
        MessageConsumer again = s.createDurableSubscriber(t, name);
        assertEquals("kept for " + id, ((TextMessage) again.receive(RECEIVE_TIMEOUT)).getText());
        again.close();
        s.unsubscribe(name);
    }

    @Test
    void administeredObjects_aContextOfAFactoryWithAClientIdHasItAndCannotChangeIt() throws Exception {
        String id = unique("admin");
        JMSContext ctx = track(factory("durable", "jms.clientID=" + id).createContext());
        assertEquals(id, ctx.getClientID());
        assertThrows(IllegalStateRuntimeException.class, () -> ctx.setClientID(unique("other")));
    }

    @Test
    void administeredObjects_aQueuePrefetchOfOneLeavesTheRestToOtherConsumers() throws Exception {
        ConnectionFactory f = factory("small", "jms.prefetchPolicy.queuePrefetch=1");
        Connection first = track(f.createConnection());
        first.start();
        Session s1 = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s1);
        MessageProducer p = s1.createProducer(q);
        for (int i = 0; i < 5; i++) {
            p.send(s1.createTextMessage("m" + i));
        }
        MessageConsumer c1 = s1.createConsumer(q);
        assertNotNull(c1.receive(RECEIVE_TIMEOUT));
        Connection second = startedConnection();
        MessageConsumer c2 = second.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertNotNull(c2.receive(RECEIVE_TIMEOUT), "the first consumer buffers at most one more message");
    }

    @Test
    void administeredObjects_anUnknownOptionFailsNamingIt() {
        Object outcome = attempt(() -> track(factory("bad", "jms.noSuchOption=1").createConnection()));
        StringBuilder messages = new StringBuilder();
        for (Object t = outcome; t instanceof Throwable e; t = e.getCause()) {
            messages.append(e).append(" / "); // a NamingException shows its root cause in toString
        }
        assertTrue(messages.toString().contains("noSuchOption"), "expected a failure naming jms.noSuchOption, "
                + "at the lookup or at createConnection; got " + outcome);
    }

    @Test
    void administeredObjects_withoutOptionsAConnectionHasNoClientId() throws Exception {
        assertNull(connection().getClientID());
    }
}
