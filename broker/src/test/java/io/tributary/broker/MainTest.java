package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line and configuration file of the runnable broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {

    @TempDir
    Path dir;

    @Test
    void startsServesAndStopsOnAnEphemeralPort() throws Exception {
        Path data = dir.resolve("data");
        try (RunningBroker broker = Main.start("run", "--amqp-port", "0", "--http-port", "0", "--data-dir",
                data.toString())) {
            assertNotEquals(0, broker.amqpPort());
            assertNull(broker.httpUrl(), "--http-port 0 switches the management API off");
            assertFalse(broker.startLine().contains("management"), broker.startLine());
            assertTrue(broker.startLine().contains(broker.amqpUri()), broker.startLine());
            assertTrue(broker.startLine().contains(data.toAbsolutePath().toString()), broker.startLine());
            assertTrue(Files.isDirectory(data));
            try (Connection c = new JmsConnectionFactory(broker.amqpUri()).createConnection()) {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue("main.q");
                s.createProducer(q).send(s.createTextMessage("from main"));
                assertEquals("from main", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
            }
        }
    }

    @Test
    void keepsDurableMessagesAcrossARestartInTheDataDirectory() throws Exception {
        String[] args = {"run", "--amqp-port", "0", "--http-port", "0", "--data-dir", dir.resolve("data").toString()};
        try (RunningBroker broker = Main.start(args);
             Connection c = new JmsConnectionFactory(broker.amqpUri()).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("main.durable")).send(s.createTextMessage("survives"));
        }
        try (RunningBroker broker = Main.start(args);
             Connection c = new JmsConnectionFactory(broker.amqpUri()).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = (TextMessage) s.createConsumer(s.createQueue("main.durable")).receive(5000);
            assertEquals("survives", m == null ? null : m.getText());
        }
    }

    @Test
    void keepsADurableSubscriptionAndItsMessagesAcrossARestart() throws Exception {
        String[] args = {"run", "--amqp-port", "0", "--http-port", "0", "--data-dir", dir.resolve("data").toString()};
        try (RunningBroker broker = Main.start(args);
             Connection c = new JmsConnectionFactory(broker.amqpUri()).createConnection()) {
            c.setClientID("restart-client");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("main.events");
            s.createDurableSubscriber(t, "audit").close();
            s.createProducer(t).send(s.createTextMessage("kept for audit"));
        }
        try (RunningBroker broker = Main.start(args);
             Connection c = new JmsConnectionFactory(broker.amqpUri()).createConnection()) {
            c.setClientID("restart-client");
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createDurableSubscriber(s.createTopic("main.events"), "audit");
            TextMessage m = (TextMessage) sub.receive(5000);
            assertEquals("kept for audit", m == null ? null : m.getText());
            sub.close();
            s.unsubscribe("audit");
        }
    }

    @Test
    void appliesAConfigurationFileWithUsersAndAddresses() throws Exception {
        Path config = dir.resolve("broker.properties");
        Files.writeString(config, String.join("\n",
                "users.alice=secret",
                "sasl.allow-anonymous=false",
                "address.events.kind=topic",
                "address.orders.kind=queue",
                "address.orders.max-delivery-attempts=3",
                "address.orders.populate-user-id=true",
                "limits.max-message-size=1MiB",
                "limits.max-transactions=2",
                "amqp.idle-timeout=30s",
                "store.outage-limit=5s"));
        try (RunningBroker broker = Main.start("run", "--amqp-port=0", "--http-port=0", "--data-dir", dir.toString(),
                "--config", config.toString())) {
            assertEquals(AddressKind.TOPIC, broker.broker().addresses().find("events").orElseThrow().kind());
            assertEquals(3, broker.broker().addresses().find("orders").orElseThrow().settings().maxDeliveryAttempts());
            assertEquals(2, broker.broker().config().maxTransactions());
            assertTrue(broker.broker().addresses().find("orders").orElseThrow().settings().populateUserId());
            assertEquals(Duration.ofSeconds(5),
                    ((JdbcMessageStore) broker.broker().config().store()).outageLimit());
            JmsConnectionFactory f = new JmsConnectionFactory(broker.amqpUri());
            assertThrows(JMSException.class, () -> f.createConnection().start());
            try (Connection c = f.createConnection("alice", "secret")) {
                c.start();
            }
        }
    }

    @Test
    void setsTheGlobalMemoryLimitInBytesOrAsAShareOfTheHeap() throws Exception {
        Path config = dir.resolve("memory.properties");
        String[] args = {"run", "--amqp-port", "0", "--http-port", "0", "--data-dir", dir.toString(),
            "--config", config.toString()};
        Files.writeString(config, "limits.global-memory=32MiB\n");
        try (RunningBroker broker = Main.start(args)) {
            assertEquals(32L * 1024 * 1024, broker.broker().memory().limitBytes());
            assertTrue(broker.startLine().contains("global memory limit 32 MiB"), broker.startLine());
        }
        Files.writeString(config, "limits.global-memory=25%\n");
        try (RunningBroker broker = Main.start(args)) {
            assertEquals(Runtime.getRuntime().maxMemory() / 100 * 25, broker.broker().memory().limitBytes());
        }
        try (RunningBroker broker = Main.start("run", "--amqp-port", "0", "--http-port", "0", "--data-dir",
                dir.toString())) {
            assertEquals(Runtime.getRuntime().maxMemory() / 100 * 50, broker.broker().memory().limitBytes(),
                    "half the heap by default");
        }
        for (String bad : new String[] {"lots", "0", "150%", "0%"}) {
            Files.writeString(config, "limits.global-memory=" + bad + "\n");
            BrokerException e = assertThrows(BrokerException.class, () -> Main.start(args));
            assertTrue(e.getMessage().startsWith("configuration limits.global-memory = '" + bad + "' is invalid:"
                    + " expected a size above 0 such as 512MiB, or a percentage"), e.getMessage());
        }
    }

    @Test
    void acceptsTheExampleConfiguration() throws Exception {
        Path example = Path.of("tributary.properties.example");
        try (RunningBroker broker = Main.start("run", "--amqp-port", "0", "--http-port", "0", "--data-dir",
                dir.toString(), "--config", example.toString())) {
            assertTrue(broker.startLine().contains("amqp://127.0.0.1:"), broker.startLine());
        }
    }

    @Test
    void readsTheLoginLimitsAndNamesABadOne() throws Exception {
        Path config = dir.resolve("login.properties");
        String[] args = {"run", "--amqp-port", "0", "--http-port", "0", "--data-dir", dir.toString(),
            "--config", config.toString()};
        for (String bad : List.of("limits.max-unauthenticated-connections=0", "amqp.auth-timeout=0s",
                "sasl.failure-delay=-1s", "sasl.max-failure-delay=10ms")) {
            Files.writeString(config, bad + "\n");
            BrokerException e = assertThrows(BrokerException.class, () -> Main.start(args));
            String key = bad.substring(0, bad.indexOf('='));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        Files.writeString(config, String.join("\n", "limits.max-unauthenticated-connections=5",
                "amqp.auth-timeout=2s", "sasl.failure-delay=0ms", "sasl.max-failure-delay=0ms"));
        try (RunningBroker broker = Main.start(args);
             Connection c = new JmsConnectionFactory(broker.amqpUri()).createConnection()) {
            c.start();
        }
    }

    @Test
    void namesTheBadFlag() {
        RunOptions.UsageException e = assertThrows(RunOptions.UsageException.class,
                () -> Main.start("run", "--amqp-port", "seventy"));
        assertTrue(e.getMessage().contains("--amqp-port"), e.getMessage());
        e = assertThrows(RunOptions.UsageException.class, () -> Main.start("run", "--http-port", "70000"));
        assertTrue(e.getMessage().contains("--http-port '70000' is not a port number"), e.getMessage());
        e = assertThrows(RunOptions.UsageException.class, () -> Main.start("run", "--colour", "blue"));
        assertTrue(e.getMessage().contains("--colour"), e.getMessage());
        e = assertThrows(RunOptions.UsageException.class, () -> Main.start("run", "--store", "postgres://x"));
        assertTrue(e.getMessage().contains("JDBC URL"), e.getMessage());
        e = assertThrows(RunOptions.UsageException.class, () -> Main.start("serve"));
        assertTrue(e.getMessage().contains("serve"), e.getMessage());
    }

    @Test
    void namesTheBadConfigurationKey() throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "limits.max-links=many\n");
        String[] args = {"run", "--amqp-port", "0", "--http-port", "0", "--data-dir", dir.toString(),
            "--config", config.toString()};
        BrokerException e = assertThrows(BrokerException.class, () -> Main.start(args));
        assertTrue(e.getMessage().contains("limits.max-links"), e.getMessage());
        Files.writeString(config, "limits.max-linx=3\n");
        e = assertThrows(BrokerException.class, () -> Main.start(args));
        assertTrue(e.getMessage().contains("limits.max-linx"), e.getMessage());
        Files.writeString(config, "store.outage-limit=-1s\n");
        e = assertThrows(BrokerException.class, () -> Main.start(args));
        assertTrue(e.getMessage().contains("store.outage-limit") && e.getMessage().contains("0 or more"),
                e.getMessage());
        Files.writeString(config, "address.orders.max-delivery-attempts=3\n");
        e = assertThrows(BrokerException.class, () -> Main.start(args));
        assertTrue(e.getMessage().contains("address.orders.kind"), e.getMessage());
    }
}
