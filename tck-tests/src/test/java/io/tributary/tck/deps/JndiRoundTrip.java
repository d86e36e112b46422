package io.tributary.tck.deps;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;

/**
 * What an application does with nothing but jms-provider on its class path: looks up a factory and a queue in
 * Tributary's JNDI, sends a text and receives it. Loaded by {@link ClassPathIndependenceTest} in a class loader
 * that refuses some libraries, so it names only {@code jakarta.jms} and {@code javax.naming} types.
 */
public final class JndiRoundTrip {

    private JndiRoundTrip() {
    }

    /** Sends {@code text} through {@code url} and answers what came back. */
    public static String roundTrip(String url, String text) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.tributary.jms.jndi.TributaryInitialContextFactory");
        env.put("connectionFactory.app", url);
        env.put("queue.orders", "independence.orders");
        Context jndi = new InitialContext(env);
        try (JMSContext ctx = ((ConnectionFactory) jndi.lookup("app")).createContext()) {
            Queue q = (Queue) jndi.lookup("orders");
            ctx.createProducer().send(q, text);
            return ctx.createConsumer(q).receiveBody(String.class, 5_000);
        }
    }
}
