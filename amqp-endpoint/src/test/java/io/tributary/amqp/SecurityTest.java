package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** SASL logins and TLS, with the Qpid JMS client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityTest {

    @TempDir
    Path dir;

    @Test
    void logsInWithPlainAndTheRightPassword() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.user("alice", "s3cret").allowAnonymous(false))) {
            JmsConnectionFactory f = new JmsConnectionFactory(b.uri("amqp.saslMechanisms=PLAIN"));
            try (Connection c = f.createConnection("alice", "s3cret")) {
                assertRoundTrip(c, "sec.plain");
            }
        }
    }

    @Test
    void logsInWithScramSha256() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.user("bob", "pa55word").allowAnonymous(false))) {
            JmsConnectionFactory f = new JmsConnectionFactory(b.uri("amqp.saslMechanisms=SCRAM-SHA-256"));
            try (Connection c = f.createConnection("bob", "pa55word")) {
                assertRoundTrip(c, "sec.scram");
            }
            JmsConnectionFactory wrong = new JmsConnectionFactory(b.uri("amqp.saslMechanisms=SCRAM-SHA-256"));
            assertThrows(JMSSecurityException.class, () -> wrong.createConnection("bob", "nope").start());
        }
    }

    @Test
    void refusesAWrongPassword() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.user("alice", "s3cret"))) {
            JmsConnectionFactory f = new JmsConnectionFactory(b.uri("amqp.saslMechanisms=PLAIN"));
            assertThrows(JMSSecurityException.class, () -> f.createConnection("alice", "wrong").start());
            try (Connection c = f.createConnection("alice", "s3cret")) {
                assertRoundTrip(c, "sec.after-failure");
            }
        }
    }

    @Test
    void refusesAnonymousWhenSwitchedOff() throws Exception {
        try (TestBroker b = TestBroker.start(e -> e, a -> a.user("alice", "s3cret").allowAnonymous(false))) {
            JmsConnectionFactory f = new JmsConnectionFactory(b.uri("amqp.saslMechanisms=ANONYMOUS"));
            assertThrows(JMSException.class, () -> f.createConnection().start());
        }
    }

    @Test
    void servesAmqpsWithAConfiguredKeyStore() throws Exception {
        Path keyStore = dir.resolve("broker.p12");
        generateKeyStore(keyStore, "changeit");
        try (TestBroker b = TestBroker.start(e -> e, a -> a.tls(keyStore, "changeit", "PKCS12"))) {
            assertEquals("amqps", b.server.scheme());
            JmsConnectionFactory f = new JmsConnectionFactory(
                    b.uri("transport.trustAll=true&transport.verifyHost=false"));
            try (Connection c = f.createConnection()) {
                assertRoundTrip(c, "sec.tls");
            }
        }
    }

    @Test
    void closesAPlainClientOnTheTlsPortAtOnceWithOneLine() throws Exception {
        Path keyStore = dir.resolve("broker.p12");
        generateKeyStore(keyStore, "changeit");
        long mark = LogCapture.position();
        try (TestBroker b = TestBroker.start(e -> e, a -> a.tls(keyStore, "changeit", "PKCS12")
                .authTimeout(Duration.ofSeconds(60)).openTimeout(Duration.ofSeconds(60)));
             FrameClient plain = new FrameClient(b.server.port())) {
            plain.send(FrameClient.SASL_HEADER);
            assertEquals(0, plain.readUntilClosed().bytes().length);
            List<LogCapture.Event> lines = LogCapture.broker(mark, e -> e.message().contains(plain.peer()));
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).message().contains("not a TLS connection on the TLS port"), lines.toString());
            assertEquals(Level.INFO, lines.get(0).level());
            JmsConnectionFactory f = new JmsConnectionFactory(
                    b.uri("transport.trustAll=true&transport.verifyHost=false"));
            try (Connection c = f.createConnection()) {
                assertRoundTrip(c, "sec.tls-after-plain");
            }
        }
    }

    private static void assertRoundTrip(Connection c, String queue) throws JMSException {
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(queue);
        s.createProducer(q).send(s.createTextMessage("secured"));
        assertEquals("secured", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
    }

    /** Generates a self-signed key pair with the JDK's keytool. */
    static void generateKeyStore(Path keyStore, String password) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(keyStore)) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
