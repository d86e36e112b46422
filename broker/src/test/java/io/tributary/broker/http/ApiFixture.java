package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.security.Credentials;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension: for each test, a broker on H2 in a fresh directory with its AMQP listener, management API (1 KiB
 * body limit unless {@link #bodyLimit} says otherwise) and metrics, a started Qpid JMS connection, and the JDK's
 * HttpClient to call the API; {@link #restart()} stops it all and starts it again on the same store, with the same
 * configuration (as a restart with the same configuration file would). Use it as {@code @RegisterExtension final
 * ApiFixture f = new ApiFixture();}, with the options before the test starts: {@code new ApiFixture().config(b ->
 * b.declare(...)).logins(Map.of("vic", "pw"))}.
 *
 * <p>Not thread-safe: one per test, used from the test's thread.
 */
public final class ApiFixture implements BeforeEachCallback, AfterEachCallback {

    /** One answer of the API. */
    public record Reply(int status, String body, HttpResponse<String> response) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText();
        }
    }

    private UnaryOperator<BrokerConfig.Builder> config = UnaryOperator.identity();
    private Map<String, String> logins = Map.of();
    private int bodyLimit = 1024;
    private Duration stuckConsumerAfter = HttpSettings.DEFAULT_STUCK_CONSUMER_AFTER;
    private String clientId;
    private Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public Broker broker;
    public AmqpServer amqp;
    public BrokerMetrics metrics;
    public ManagementServer http;
    public Connection jms;

    /** Adds to the broker's configuration (addresses, permissions, ...) at every start; the store stays H2. */
    public ApiFixture config(UnaryOperator<BrokerConfig.Builder> value) {
        config = value;
        return this;
    }

    /** The API's users and their passwords (HTTP Basic); none by default, so anyone may use it. */
    public ApiFixture logins(Map<String, String> value) {
        logins = Map.copyOf(value);
        return this;
    }

    /** The largest request body the API takes. */
    public ApiFixture bodyLimit(int bytes) {
        bodyLimit = bytes;
        return this;
    }

    /** The API's stuck-consumer threshold ({@code http.stuck-consumer-after}). */
    public ApiFixture stuckConsumerAfter(Duration value) {
        stuckConsumerAfter = value;
        return this;
    }

    /** The client id of the JMS connection (for durable subscriptions); none by default. */
    public ApiFixture clientId(String value) {
        clientId = value;
        return this;
    }

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
        broker = Broker.start(config.apply(BrokerConfig.builder().store(store)).build());
        metrics.bindBroker(broker);
        amqp = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, bodyLimit, stuckConsumerAfter), null,
                metrics, logins.isEmpty() ? null : Credentials.derive(logins));
        jms = new JmsConnectionFactory(amqpUrl()).createConnection();
        if (clientId != null) {
            jms.setClientID(clientId);
        }
        jms.start();
    }

    /** The AMQP listener's URL for Qpid JMS. */
    public String amqpUrl() {
        return "amqp://127.0.0.1:" + amqp.port();
    }

    public void restart() throws Exception {
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

    /** Calls the API with {@code headers} and {@code body} (none when null). */
    public Reply call(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.url() + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    public Reply send(String method, String path, String contentType, String body) throws Exception {
        return call(method, path, contentType == null ? Map.of() : Map.of("Content-Type", contentType), body);
    }

    public Reply get(String path) throws Exception {
        return call("GET", path, Map.of(), null);
    }

    public Reply post(String path, String json) throws Exception {
        return send("POST", path, json == null ? null : "application/json", json);
    }

    public Reply patch(String path, String json) throws Exception {
        return send("PATCH", path, "application/json", json);
    }

    public Reply delete(String path) throws Exception {
        return call("DELETE", path, Map.of(), null);
    }

    /** Sends {@code n} persistent text messages {@code m0, m1, ...} with the property {@code color} to a queue. */
    public void sendMessages(String queue, int n, String color) throws Exception {
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

    /** A figure of {@code GET /api/queues/{queue}}. */
    public long queueFigure(String queue, String field) throws Exception {
        Reply r = get("/api/queues/" + queue);
        assertEquals(200, r.status(), r.body());
        return r.json().path(field).asLong();
    }
}
