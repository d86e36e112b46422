package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Close, stop and commit wait for a MessageListener in progress for at most the close timeout
 * ({@code jms.closeTimeout}, milliseconds, as in Qpid JMS), then throw a JMSException that names it, instead of
 * waiting forever.
 */
@Timeout(30)
class VmCloseTimeoutTest {

    private final CountDownLatch listening = new CountDownLatch(1);
    private final CountDownLatch letGo = new CountDownLatch(1);

    /** A started connection whose session's listener on {@code q} does not return until {@link #letGo}. */
    private Session stuckListener(Connection c) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue("q");
        MessageConsumer consumer = s.createConsumer(q);
        consumer.setMessageListener(m -> {
            listening.countDown();
            try {
                letGo.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        c.start();
        Session sender = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        sender.createProducer(q).send(sender.createTextMessage("hold on"));
        return s;
    }

    private static void assertNamesTheTimeout(JMSException e) {
        assertTrue(e.getMessage().contains("close timeout of 300 ms (jms.closeTimeout)"), e.getMessage());
    }

    @Test
    void sessionCloseGivesUpOnAListenerThatDoesNotReturn() throws Exception {
        TributaryConnectionFactory cf = new TributaryConnectionFactory("vm://close-timeout-" + System.nanoTime()
                + "?jms.closeTimeout=300");
        try (Connection c = cf.createConnection()) {
            Session s = stuckListener(c);
            assertTrue(listening.await(10, TimeUnit.SECONDS), "the listener got the message");
            long start = System.nanoTime();
            assertNamesTheTimeout(assertThrows(JMSException.class, s::close));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000, "close gave up in time");
            assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createQueue("q"),
                    "the session is closed all the same");
            letGo.countDown();
        }
    }

    @Test
    void connectionStopGivesUpOnAListenerThatDoesNotReturn() throws Exception {
        TributaryConnectionFactory cf = new TributaryConnectionFactory("vm://stop-timeout-" + System.nanoTime()
                + "?jms.closeTimeout=300");
        try (Connection c = cf.createConnection()) {
            stuckListener(c);
            assertTrue(listening.await(10, TimeUnit.SECONDS), "the listener got the message");
            assertNamesTheTimeout(assertThrows(JMSException.class, c::stop));
            letGo.countDown();
        }
    }

    @Test
    void aCloseTimeoutThatIsNotANumberOfMillisecondsIsRefused() {
        JMSException e = assertThrows(JMSException.class, () -> new TributaryConnectionFactory(
                "vm://bad-timeout?jms.closeTimeout=soon").createConnection());
        assertTrue(e.getMessage().contains("jms.closeTimeout='soon' must be a number of milliseconds >= 1"),
                e.getMessage());
    }
}
