package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * Sockets that never log in: they count against their own, smaller limit and a shorter timeout, so that they cannot
 * lock out the clients that do log in.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLimitsTest {

    private static void assertRoundTrip(TestBroker b, String queue) throws Exception {
        try (Connection c = b.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(queue);
            s.createProducer(q).send(s.createTextMessage("in"));
            assertEquals("in", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
        }
    }

    @Test
    void idleSocketsDoNotCountAgainstTheConnectionLimit() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.maxConnections(3).maxUnauthenticated(50)
                .openTimeout(Duration.ofSeconds(60)).authTimeout(Duration.ofSeconds(60)))) {
            List<FrameClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    idle.add(new FrameClient(b.server.port()));
                }
                Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.unauthenticatedCount() == 10);
                assertEquals(0, b.server.connectionCount());
                assertRoundTrip(b, "limits.idle");
            } finally {
                for (FrameClient c : idle) {
                    c.close();
                }
            }
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.unauthenticatedCount() == 0
                    && b.server.connectionCount() == 0);
        }
    }

    @Test
    void closesSocketsBeyondTheUnauthenticatedLimitAtOnceAndSaysSoOnce() throws Exception {
        long mark = LogCapture.position();
        try (TestBroker b = TestBroker.start(e -> e, a -> a.maxUnauthenticated(3)
                .openTimeout(Duration.ofSeconds(60)).authTimeout(Duration.ofSeconds(60)))) {
            List<FrameClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    idle.add(new FrameClient(b.server.port()));
                }
                Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.unauthenticatedCount() == 3);
                for (int i = 0; i < 2; i++) {
                    try (FrameClient extra = new FrameClient(b.server.port())) {
                        assertEquals(0, extra.readUntilClosed().bytes().length, "closed before any AMQP");
                    }
                }
            } finally {
                for (FrameClient c : idle) {
                    c.close();
                }
            }
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.unauthenticatedCount() == 0);
            assertRoundTrip(b, "limits.after-idle");
        }
        List<LogCapture.Event> warnings = LogCapture.broker(mark, e -> e.level() == Level.WARN);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).message().contains("limits.max-unauthenticated-connections"));
    }

    @Test
    void closesASocketThatDoesNotLogInWithinTheAuthTimeout() throws Exception {
        long mark = LogCapture.position();
        try (TestBroker b = TestBroker.start(e -> e, a -> a.authTimeout(Duration.ofMillis(300))
                .openTimeout(Duration.ofSeconds(60)));
             FrameClient c = new FrameClient(b.server.port())) {
            c.send(FrameClient.SASL_HEADER);
            c.readUntilClosed();
            List<LogCapture.Event> lines = LogCapture.broker(mark, e -> e.message().contains(c.peer()));
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).message().contains("no login within 300 ms (amqp.auth-timeout)"));
            assertEquals(Level.INFO, lines.get(0).level());
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> b.server.unauthenticatedCount() == 0);
        }
    }
}
