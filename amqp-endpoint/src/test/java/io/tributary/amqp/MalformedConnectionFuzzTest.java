package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded, seeded fuzz run: a few hundred malformed connections ({@link FrameFuzzer}) against one broker. None may
 * be answered with internal-error, the broker may log no WARN, ERROR or stack trace for any of them, and it serves a
 * Qpid JMS client afterwards. The seed is printed; rerun one with {@code -Dtributary.fuzz.seed=N}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MalformedConnectionFuzzTest {

    /** How many connections; {@code -Dtributary.fuzz.connections=N} runs more locally. */
    private static final int CONNECTIONS = Integer.getInteger("tributary.fuzz.connections", 300);

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(e -> e, a -> a.maxSessions(8).maxLinks(8)
            .loginFailureDelay(Duration.ZERO, Duration.ZERO));

    @Test
    void malformedConnectionsNeverGetAnInternalErrorNorLogAStackTrace() throws Exception {
        long seed = Long.getLong("tributary.fuzz.seed", new SecureRandom().nextLong());
        System.out.println("MalformedConnectionFuzzTest seed " + seed + " (rerun with -Dtributary.fuzz.seed=" + seed
                + ")");
        FrameFuzzer fuzzer = new FrameFuzzer(new Random(seed));
        long mark = LogCapture.position();
        for (int i = 0; i < CONNECTIONS; i++) {
            byte[] input = fuzzer.next();
            long connectionMark = LogCapture.position();
            FrameClient.Reply reply;
            try (FrameClient client = new FrameClient(broker.server().port())) {
                client.send(input);
                client.endInput();
                reply = client.readUntilClosed();
            } catch (SocketException e) {
                continue; // the broker closed while we were still writing
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", connection " + i + " sent " + hex(input), e);
            }
            assertFalse(reply.contains("amqp:internal-error"), "seed " + seed + ", connection " + i + " sent "
                    + hex(input) + " and got " + reply.performatives() + "; the broker logged "
                    + LogCapture.broker(connectionMark, e -> true));
        }
        assertEquals(List.of(), LogCapture.problems(mark), "seed " + seed);
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("fuzz.after");
            s.createProducer(q).send(s.createTextMessage("healthy"));
            assertEquals("healthy", ((TextMessage) s.createConsumer(q).receive(5000)).getText(), "seed " + seed);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
