package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users written by {@code tributary user add} (the file keeps a verifier, not the password) log in over AMQP and
 * vm://, and roles' permissions are enforced the same way through both.
 */
@Timeout(120)
class UsersAndPermissionsTest {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path config = Files.writeString(dir.resolve("broker.properties"), String.join("\n",
                "amqp.port=0", "sasl.allow-anonymous=false", "roles.shop=alice", "roles.audit=carol",
                "permissions.shop.orders.#=send,consume,create", "permissions.audit.orders.#=browse", ""));
        String out = userAdd("", "alice", "--config", config.toString(), "--password", "wonderland");
        assertTrue(out.contains("user alice written to"), out);
        userAdd("looking-glass\n", "carol", "--config", config.toString());
        return config;
    }

    /** {@code tributary user add ARGS} in-process with {@code input} on standard input; answers its stdout. */
    static String userAdd(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> command = new ArrayList<>(List.of("user", "add"));
        command.addAll(List.of(args));
        int status = Main.execute(command.toArray(String[]::new),
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void userAddWritesAVerifierThatLogsInOverAmqpAndVm() throws Exception {
        Path config = config();
        String file = Files.readString(config);
        assertFalse(file.contains("wonderland") || file.contains("looking-glass"), "a password in the file: " + file);
        assertTrue(file.contains("users.alice=SCRAM-SHA-256$4096:"), file);
        userAdd("", "alice", "--config", config.toString(), "--password", "rabbit-hole");
        assertEquals(1, Files.readAllLines(config).stream().filter(l -> l.startsWith("users.alice=")).count(),
                "adding a user again replaces the line");

        try (RunningBroker server = Main.start("run", "--data-dir", dir.resolve("data").toString(), "--config",
                config.toString())) {
            for (ConnectionFactory f : factories(server, config)) {
                f.createConnection("alice", "rabbit-hole").close();
                f.createConnection("carol", "looking-glass").close();
                assertThrows(JMSSecurityException.class, () -> f.createConnection("alice", "wonderland").start(),
                        "the replaced password: " + f);
                assertThrows(JMSSecurityException.class, () -> f.createConnection("mallory", "x").start(),
                        f.toString());
            }
        }
    }

    @Test
    void eachRoleDoesWhatItIsGrantedAndIsRefusedTheRestOverAmqpAndVm() throws Exception {
        Path config = config();
        userAdd("", "alice", "--config", config.toString(), "--password", "wonderland");
        try (RunningBroker server = Main.start("run", "--data-dir", dir.resolve("data").toString(), "--config",
                config.toString())) {
            int n = 0;
            for (ConnectionFactory f : factories(server, config)) {
                String name = "orders.eu" + n++;
                try (Connection alice = f.createConnection("alice", "wonderland");
                     Connection carol = f.createConnection("carol", "looking-glass")) {
                    alice.start();
                    carol.start();
                    Session a = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    Queue orders = a.createQueue(name);
                    a.createProducer(orders).send(a.createTextMessage("one"));
                    Session c = carol.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    JMSSecurityException send = assertThrows(JMSSecurityException.class,
                            () -> c.createProducer(c.createQueue(name)).send(c.createTextMessage("x")), f.toString());
                    assertTrue(send.getMessage().contains("send") && send.getMessage().contains(name),
                            send.getMessage());
                    JMSSecurityException consume = assertThrows(JMSSecurityException.class,
                            () -> c.createConsumer(c.createQueue(name)), f.toString());
                    assertTrue(consume.getMessage().contains("consume"), consume.getMessage());
                    try (QueueBrowser browser = c.createBrowser(c.createQueue(name))) {
                        assertTrue(browser.getEnumeration().hasMoreElements(), "audit may browse: " + f);
                    }
                    assertThrows(JMSSecurityException.class, () -> a.createProducer(a.createQueue("payments"))
                            .send(a.createTextMessage("x")), "no grant on payments: " + f);
                    MessageConsumer consumer = a.createConsumer(orders);
                    assertNotNull(consumer.receive(10_000), f.toString());
                }
            }
        }
    }

    private static List<ConnectionFactory> factories(RunningBroker server, Path config) {
        return List.of(new JmsConnectionFactory(server.amqpUri()),
                new TributaryConnectionFactory("vm://perms-" + System.nanoTime() + "?config=" + config));
    }
}
