package io.tributary.jms.vm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the in-process broker stops under a connection, the ExceptionListener hears of it
 * (Connection.setExceptionListener).
 */
@Timeout(30)
class VmBrokerStopTest {

    @Test
    void stoppingTheBrokerReachesTheExceptionListenerAndEndsReceives() throws Exception {
        String name = "stop-" + System.nanoTime();
        Connection c = new TributaryConnectionFactory("vm://" + name).createConnection();
        AtomicReference<JMSException> reported = new AtomicReference<>();
        c.setExceptionListener(reported::set);
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("q"));
        VmBrokers.stop(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> reported.get() != null);
        try {
            assertNull(consumer.receive(100));
        } catch (JMSException expected) {
            // a receive on a consumer the broker closed may report why
        }
        c.close();
    }
}
