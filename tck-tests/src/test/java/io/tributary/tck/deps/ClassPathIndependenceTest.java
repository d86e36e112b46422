package io.tributary.tck.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.broker.Main;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.message.JmsMapping;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * jms-provider's optional dependencies: an application that uses only remote URLs runs with tributary-message but
 * without tributary-core and what it brings (H2, HikariCP, PostgreSQL, the broker's AMQP server), and one that uses
 * only vm:// runs without Qpid JMS. Each case runs {@link JndiRoundTrip} in a class loader whose class path lacks
 * those libraries' jars.
 */
@Timeout(60)
class ClassPathIndependenceTest {

    /** Loads from the test class path without the jars of some libraries, parent-last. */
    private static final class Without extends URLClassLoader {

        Without(List<Class<?>> libraries) throws Exception {
            super(classPath(libraries), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath(List<Class<?>> libraries) throws Exception {
            Set<File> absent = new HashSet<>();
            for (Class<?> c : libraries) {
                absent.add(new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getCanonicalFile());
            }
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                File f = new File(entry).getCanonicalFile();
                if (!absent.contains(f)) {
                    urls.add(f.toURI().toURL());
                }
            }
            return urls.toArray(URL[]::new);
        }
    }

    private static final List<Class<?>> BROKER_LIBRARIES = List.of(Broker.class, AmqpServer.class, Main.class,
            JdbcDataSource.class, HikariDataSource.class, PGSimpleDataSource.class);

    private static String roundTrip(Without loader, String url) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
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
                     .build());
             Without app = new Without(BROKER_LIBRARIES)) {
            assertThrows(ClassNotFoundException.class, () -> app.loadClass(Broker.class.getName()));
            assertThrows(ClassNotFoundException.class, () -> app.loadClass(JdbcDataSource.class.getName()));
            assertEquals(app, app.loadClass(JmsMapping.class.getName()).getClassLoader(),
                    "tributary-message, which jms-provider depends on, is on the application's class path");
            assertEquals("hello", roundTrip(app, "amqp://127.0.0.1:" + server.port()));
        }
    }

    @Test
    void anApplicationUsingOnlyVmUrlsNeedsNoQpidJms() throws Exception {
        try (Without app = new Without(List.of(JmsConnectionFactory.class))) {
            assertEquals("hello", roundTrip(app, "vm://independence"));
        }
    }

    @Test
    void withoutQpidJmsAnAmqpUrlFailsSayingWhatToAdd() throws Exception {
        try (Without app = new Without(List.of(JmsConnectionFactory.class))) {
            Exception e = assertThrows(Exception.class, () -> roundTrip(app, "amqp://127.0.0.1:1"));
            assertTrue(String.valueOf(e.getMessage()).contains("add org.apache.qpid:qpid-jms-client"), e.toString());
        }
    }
}
