package io.tributary.jms.conformance;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the conformance tests: written only against jakarta.jms interfaces, with the ConnectionFactory
 * from one abstract method, so the same tests run through vm://, amqp:// and other clients (tck-tests).
 * Connections and contexts made through it are closed after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
public abstract class ConformanceBase {

    /** How long a receive that expects a message waits. */
    protected static final long RECEIVE_TIMEOUT = 5_000;
    /** How long a receive that expects nothing waits. */
    protected static final long NO_MESSAGE_TIMEOUT = 200;

    protected ConnectionFactory factory;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Connection anchor;

    /** The factory every test in the class uses; called once per class. */
    protected abstract ConnectionFactory createConnectionFactory() throws Exception;

    /** Stops whatever broker {@link #createConnectionFactory()} started; called once after the class. */
    protected void shutdown() throws Exception {
    }

    /**
     * Creates the factory and keeps one idle connection open for the whole class, so that an in-process
     * broker that lives as long as its connections (vm://) keeps durable state between tests.
     */
    @BeforeAll
    void createFactory() throws Exception {
        factory = createConnectionFactory();
        anchor = factory.createConnection();
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (anchor != null) {
            anchor.close();
        }
        shutdown();
    }

    @AfterEach
    void closeOpen() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // a test may have closed it, or closing it is what failed the test
            }
        }
        open.clear();
    }

    protected <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    protected Connection connection() throws JMSException {
        return track(factory.createConnection());
    }

    protected Connection startedConnection() throws JMSException {
        Connection c = connection();
        c.start();
        return c;
    }

    protected JMSContext context() {
        return track(factory.createContext());
    }

    protected JMSContext context(int mode) {
        return track(factory.createContext(mode));
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An action that may throw, for checking what a call made from a callback throws. */
    protected interface JmsAction {
        void run() throws Exception;
    }

    /** Runs {@code action}: answers the exception it threw, or the string "no exception". */
    protected static Object attempt(JmsAction action) {
        try {
            action.run();
            return "no exception";
        } catch (Exception e) {
            return e;
        }
    }

    protected static Queue queue(Session s) throws JMSException {
        return s.createQueue(unique("q"));
    }

    protected static Topic topic(Session s) throws JMSException {
        return s.createTopic(unique("t"));
    }
}
