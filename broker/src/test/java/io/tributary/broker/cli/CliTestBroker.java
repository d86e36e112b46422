package io.tributary.broker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.broker.Main;
import io.tributary.broker.http.BrokerMetrics;
import io.tributary.broker.http.HttpSettings;
import io.tributary.broker.http.ManagementServer;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A real broker for the CLI's tests, as {@code ManagementApiTest} starts one: H2 in a directory, AMQP and the
 * management API on ephemeral loopback ports; and the CLI run in-process through {@link Main#execute} with its
 * output captured.
 *
 * <p>Not thread-safe: one per test.
 */
final class CliTestBroker implements AutoCloseable {

    final Broker broker;
    final AmqpServer amqp;
    final BrokerMetrics metrics;
    final ManagementServer http;
    final Connection jms;

    CliTestBroker(Path dir) throws Exception {
        JdbcMessageStore store = JdbcMessageStore.h2(dir);
        metrics = new BrokerMetrics();
        metrics.bindStore(store);
        broker = Broker.start(BrokerConfig.builder().store(store).build());
        metrics.bindBroker(broker);
        amqp = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 64 * 1024), null, metrics, null);
        jms = new JmsConnectionFactory(amqpUrl()).createConnection();
        jms.start();
    }

    String amqpUrl() {
        return "amqp://127.0.0.1:" + amqp.port();
    }

    @Override
    public void close() throws Exception {
        try {
            jms.close();
        } finally {
            http.close();
            amqp.close();
            broker.close();
            metrics.close();
        }
    }

    /** What one command line printed and its exit status. */
    record Run(int status, String out, String err) {
        JsonNode json() {
            try {
                return ApiClient.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }

        /** Asserts the status, and that a failure said why in words, not with a stack trace. */
        Run expect(int expected) {
            assertEquals(expected, status, "status of a run that printed:\n" + out + "\nand on stderr:\n" + err);
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "a stack trace on stderr:\n" + err);
            return this;
        }
    }

    /** Runs {@code tributary ARGS} in-process with this environment. */
    static Run cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code tributary ARGS --url THIS-BROKER}. */
    Run api(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url");
        all.add(http.url());
        return cli(Map.of(), all.toArray(String[]::new));
    }

    void send(String queue, int n, String color) throws Exception {
        try (Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < n; i++) {
                Message m = s.createTextMessage("m" + i);
                m.setStringProperty("color", color);
                p.send(m);
            }
        }
    }

    /** A request straight to the API, for what the CLI has no command for (creating an address). */
    int post(String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.url() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    long depth(String queue) {
        return api("queue", "stat", queue, "--json").expect(0).json().path("depth").asLong();
    }
}
