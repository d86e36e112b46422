package io.tributary.jms.jndi;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.TributaryQueue;
import io.tributary.jms.TributaryTopic;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Properties;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI for Tributary: builds a read-only context from the environment (and a {@code jndi.properties} on
 * the classpath, which the environment overrides) with the usual entries:
 * {@code connectionFactory.NAME=URL}, {@code queue.NAME=address}, {@code topic.NAME=address}, plus
 * {@code dynamicQueues/ADDRESS} and {@code dynamicTopics/ADDRESS} lookups. When no connection factory
 * is declared, {@code ConnectionFactory} is bound to {@link Context#PROVIDER_URL} (or the default URL).
 *
 * <p>Thread-safe: the built context is immutable.
 */
public class TributaryInitialContextFactory implements InitialContextFactory {

    static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    static final String QUEUE_PREFIX = "queue.";
    static final String TOPIC_PREFIX = "topic.";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, String> env = new HashMap<>();
        loadClasspathProperties(env);
        if (environment != null) {
            environment.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, Object> bindings = new HashMap<>();
        boolean factoryDeclared = false;
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                bindings.put(name(key, CONNECTION_FACTORY_PREFIX), new TributaryConnectionFactory(e.getValue()));
                factoryDeclared = true;
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bindings.put(name(key, QUEUE_PREFIX), new TributaryQueue(e.getValue()));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bindings.put(name(key, TOPIC_PREFIX), new TributaryTopic(e.getValue()));
            }
        }
        if (!factoryDeclared) {
            String url = env.get(Context.PROVIDER_URL);
            bindings.put("ConnectionFactory", url == null ? new TributaryConnectionFactory()
                    : new TributaryConnectionFactory(url));
        }
        return new ReadOnlyContext(new Hashtable<>(env), bindings);
    }

    private static String name(String key, String prefix) throws NamingException {
        String n = key.substring(prefix.length());
        if (n.isEmpty()) {
            throw new NamingException("JNDI entry '" + key + "' has no name after '" + prefix + "'");
        }
        return n;
    }

    private static void loadClasspathProperties(Map<String, String> env) throws NamingException {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = TributaryInitialContextFactory.class.getClassLoader();
        }
        try (InputStream in = cl.getResourceAsStream("jndi.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                p.stringPropertyNames().forEach(k -> env.put(k, p.getProperty(k)));
            }
        } catch (IOException e) {
            NamingException ne = new NamingException("jndi.properties on the classpath cannot be read: " + e);
            ne.setRootCause(e);
            throw ne;
        }
    }
}
