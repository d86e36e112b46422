package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.security.SaslChallenge;
import org.apache.qpid.proton.amqp.security.SaslCode;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.security.SaslOutcome;
import org.apache.qpid.proton.amqp.security.SaslResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SASL as an attacker sees it, over raw frames: which user names exist must not show, failed logins are slowed per
 * address, and what a client sends cannot forge log lines. Each test logs in from its own loopback address, so that
 * the per-address holds of one test do not reach another.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(e -> e, a -> a.user("alice", "s3cret")
            .allowAnonymous(false).loginFailureDelay(Duration.ofMillis(200), Duration.ofSeconds(2)));

    private static FrameClient client(int address) throws Exception {
        return new FrameClient(broker.server().port(), InetAddress.getByAddress(new byte[] {127, 0, 0,
            (byte) address}));
    }

    private static byte[] init(String mechanism, String response) {
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf(mechanism));
        init.setInitialResponse(new Binary(response.getBytes(StandardCharsets.UTF_8)));
        return FrameClient.concat(FrameClient.SASL_HEADER, FrameClient.frame(1, 0, init, null));
    }

    private static byte[] response(String text) {
        SaslResponse r = new SaslResponse();
        r.setResponse(new Binary(text.getBytes(StandardCharsets.UTF_8)));
        return FrameClient.frame(1, 0, r, null);
    }

    /** Sends a SCRAM client-first message for {@code name}; answers the server-first message. */
    private static String scramFirst(FrameClient c, String name) throws Exception {
        c.send(init("SCRAM-SHA-256", "n,,n=" + name + ",r=clientnonce"));
        Object answer = c.readUntil(p -> p instanceof SaslChallenge || p instanceof SaslOutcome);
        if (!(answer instanceof SaslChallenge challenge)) {
            throw new AssertionError("no challenge for '" + name + "': " + answer);
        }
        return new String(challenge.getChallenge().getArray(), StandardCharsets.UTF_8);
    }

    private static String attribute(String message, String key) {
        for (String part : message.split(",")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new AssertionError(key + " missing from " + message);
    }

    /** Answers a challenge with a proof that cannot be right; answers the outcome. */
    private static SaslOutcome wrongProof(FrameClient c, String serverFirst) throws Exception {
        String proof = Base64.getEncoder().encodeToString(new byte[32]);
        c.send(response("c=biws,r=" + attribute(serverFirst, "r") + ",p=" + proof));
        return (SaslOutcome) c.readUntil(p -> p instanceof SaslOutcome);
    }

    @Test
    void scramAnswersAnUnknownUserLikeAKnownOneAndFailsOnlyAtTheProof() throws Exception {
        String[] salts = new String[4];
        int i = 0;
        for (String name : List.of("alice", "alice", "mallory", "mallory")) {
            try (FrameClient c = client(2)) {
                String serverFirst = scramFirst(c, name);
                assertEquals("4096", attribute(serverFirst, "i"));
                salts[i++] = attribute(serverFirst, "s");
                assertEquals(SaslCode.AUTH, wrongProof(c, serverFirst).getCode());
            }
        }
        assertEquals(salts[0], salts[1], "a user's salt is derived once, at start");
        assertEquals(salts[2], salts[3], "an unknown name gets the same fake salt each time");
        assertNotEquals(salts[0], salts[2]);
    }

    @Test
    void holdsBackTheOutcomeOfRepeatedFailedLoginsFromOneAddress() throws Exception {
        long mark = LogCapture.position();
        long[] atLeast = {200, 400, 800};
        for (long millis : atLeast) {
            try (FrameClient c = client(3)) {
                long start = System.nanoTime();
                c.send(init("PLAIN", "\0alice\0wrong"));
                SaslOutcome outcome = (SaslOutcome) c.readUntil(p -> p instanceof SaslOutcome);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(SaslCode.AUTH, outcome.getCode());
                assertTrue(took >= millis, "answered after " + took + " ms, held " + millis + " ms");
            }
        }
        assertEquals(1, LogCapture.broker(mark, e -> e.message().contains("answered after 800 ms")).size());
    }

    @Test
    void plainAnswersAnUnknownUserAndAWrongPasswordAlike() throws Exception {
        long mark = LogCapture.position();
        SaslOutcome[] outcomes = new SaslOutcome[2];
        int i = 0;
        for (String name : List.of("alice", "nobody")) {
            try (FrameClient c = client(4)) {
                c.send(init("PLAIN", "\0" + name + "\0wrong"));
                outcomes[i++] = (SaslOutcome) c.readUntil(p -> p instanceof SaslOutcome);
            }
        }
        assertEquals(outcomes[0].toString(), outcomes[1].toString());
        List<String> reasons = LogCapture.broker(mark, e -> e.message().contains("login failed: user")).stream()
                .map(e -> e.message().replaceAll(".*: ", "").replaceAll(" \\(answered.*", "")).toList();
        assertEquals(List.of("wrong password or unknown user", "wrong password or unknown user"), reasons);
    }

    @Test
    void aUserNameCannotForgeALogLine() throws Exception {
        long mark = LogCapture.position();
        try (FrameClient c = client(5)) {
            c.send(init("PLAIN", "\0eve\n[main] ERROR forged line\0wrong"));
            c.readUntil(p -> p instanceof SaslOutcome);
        }
        List<LogCapture.Event> lines = LogCapture.broker(mark, e -> e.message().contains("forged line"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).message().contains("eve\\n[main] ERROR forged line"), lines.get(0).message());
        assertFalse(lines.get(0).message().contains("\n"), lines.get(0).message());
    }
}
