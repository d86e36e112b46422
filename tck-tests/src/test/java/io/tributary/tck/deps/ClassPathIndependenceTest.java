package io.tributary.tck.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jms-provider's optional dependencies: an application that uses only remote URLs runs without tributary-core
 * and what it brings (H2, HikariCP, PostgreSQL, the broker's AMQP server), and one that uses only vm:// runs
 * without Qpid JMS. Each case runs {@link JndiRoundTrip} in a class loader that refuses those classes.
 */
@Timeout(60)
class ClassPathIndependenceTest {

    /** Loads from the test class path, parent-last, and refuses classes under the given package prefixes. */
    private static final class Refusing extends URLClassLoader {
        private final List<String> refused;

        Refusing(List<String> refused) throws Exception {
            super(classPath(), ClassLoader.getPlatformClassLoader());
            this.refused = refused;
        }

        private static URL[] classPath() throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : refused) {
                if (name.startsWith(prefix)) {
                    throw new ClassNotFoundException(name + " is refused: the application does not have it");
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    private static String roundTripWithout(List<String> refused, String url) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (Refusing loader = new Refusing(refused)) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> app = Class.forName(JndiRoundTrip.class.getName(), true, loader);
            return (String) app.getMethod("roundTrip", String.class, String.class).invoke(null, url, "hello");
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void anApplicationUsingOnlyAmqpUrlsNeedsNoneOfTheBrokersLibraries() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.builder().build());
             AmqpServer server = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0)
                     .build())) {
            String url = "amqp://127.0.0.1:" + server.port();
            assertEquals("hello", roundTripWithout(List.of("io.tributary.core.", "io.tributary.amqp.",
                    "io.tributary.broker.", "org.h2.", "com.zaxxer.hikari.", "org.postgresql."), url));
        }
    }

    @Test
    void anApplicationUsingOnlyVmUrlsNeedsNoQpidJms() throws Exception {
        assertEquals("hello", roundTripWithout(List.of("org.apache.qpid.jms."), "vm://independence"));
    }

    @Test
    void withoutQpidJmsAnAmqpUrlFailsSayingWhatToAdd() {
        Exception e = assertThrows(Exception.class,
                () -> roundTripWithout(List.of("org.apache.qpid.jms."), "amqp://127.0.0.1:1"));
        assertTrue(String.valueOf(e.getMessage()).contains("add org.apache.qpid:qpid-jms-client"), e.toString());
    }
}
