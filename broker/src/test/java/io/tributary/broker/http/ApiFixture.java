package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension: for each test, a broker on H2 in a fresh directory with its AMQP listener, management API (1 KiB
 * body limit) and metrics, a started Qpid JMS connection, and the JDK's HttpClient to call the API; {@link #restart()}
 * stops it all and starts it again on the same store. Use it as {@code @RegisterExtension final ApiFixture f = new
 * ApiFixture();}.
 */
final class ApiFixture implements BeforeEachCallback, AfterEachCallback {

    /** One answer of the API. */
    record Reply(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }

    private Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Broker broker;
    AmqpServer amqp;
    BrokerMetrics metrics;
    ManagementServer http;
    Connection jms;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("tributary-api-test");
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void start() throws Exception {
        JdbcMessageStore store = JdbcMessageStore.h2(dir);
        metrics = new BrokerMetrics();
        metrics.bindStore(store);
        broker = Broker.start(BrokerConfig.builder().store(store).build());
        metrics.bindBroker(broker);
        amqp = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 1024), null, metrics, null);
        jms = new JmsConnectionFactory("amqp://127.0.0.1:" + amqp.port()).createConnection();
        jms.start();
    }

    void restart() throws Exception {
        close();
        start();
    }

    private void close() throws Exception {
        try {
            jms.close();
        } finally {
            http.close();
            amqp.close();
            broker.close();
            metrics.close();
        }
    }

    Reply send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.url() + path)).timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    Reply get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    Reply post(String path, String json) throws Exception {
        return send("POST", path, json == null ? null : "application/json", json);
    }

    Reply patch(String path, String json) throws Exception {
        return send("PATCH", path, "application/json", json);
    }

    Reply delete(String path) throws Exception {
        return send("DELETE", path, null, null);
    }

    /** A figure of {@code GET /api/queues/{queue}}. */
    long queueFigure(String queue, String field) throws Exception {
        Reply r = get("/api/queues/" + queue);
        assertEquals(200, r.status(), r.body());
        return r.json().path(field).asLong();
    }
}
