package io.tributary.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import io.tributary.amqp.AmqpServer;
import io.tributary.core.Broker;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The management API and /metrics over real sockets: a broker on H2, Qpid JMS over AMQP, the JDK's HttpClient. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagementApiTest {

    @RegisterExtension
    final ApiFixture f = new ApiFixture();

    private Broker broker;
    private AmqpServer amqp;
    private BrokerMetrics metrics;
    private ManagementServer http;
    private Connection jms;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        broker = f.broker;
        amqp = f.amqp;
        metrics = f.metrics;
        http = f.http;
        jms = f.jms;
    }

    // ------------------------------------------------------------------ helpers

    private Reply send(String method, String path, String contentType, String body) throws Exception {
        return f.send(method, path, contentType, body);
    }

    private Reply get(String path) throws Exception {
        return f.get(path);
    }

    private Reply post(String path, String json) throws Exception {
        return f.post(path, json);
    }

    private Reply delete(String path) throws Exception {
        return f.delete(path);
    }

    private void sendMessages(String queue, int n, String color) throws Exception {
        f.sendMessages(queue, n, color);
    }

    private long queueFigure(String queue, String field) throws Exception {
        return f.queueFigure(queue, field);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void healthAnswersLiveAndReady() throws Exception {
        Reply live = get("/health/live");
        assertEquals(200, live.status());
        assertEquals("live", live.json().path("status").asText());
        Reply ready = get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertEquals("ready", ready.json().path("status").asText());
    }

    @Test
    void createsListsAndDeletesAnAddressWithItsSettings() throws Exception {
        Reply created = post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 3, \"redelivery-delay\": \"2s\"}}");
        assertEquals(201, created.status(), created.body());
        assertEquals("3", created.json().path("settings").path("max-delivery-attempts").asText());

        Reply list = get("/api/addresses");
        assertEquals(200, list.status());
        assertTrue(list.body().contains("\"name\":\"orders\""), list.body());
        Reply one = get("/api/addresses/orders");
        assertEquals("queue", one.json().path("kind").asText());
        assertEquals("PT2S", one.json().path("settings").path("redelivery-delay").asText());

        assertEquals(409, post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"topic\"}").status());
        assertEquals(200, delete("/api/addresses/orders").status());
        Reply gone = get("/api/addresses/orders");
        assertEquals(404, gone.status());
        assertTrue(gone.error().contains("'orders' does not exist"), gone.body());
    }

    @Test
    void badCreateRequestsAreRefusedAndChangeNothing() throws Exception {
        Reply unknown = post("/api/addresses", "{\"name\": \"a\", \"kind\": \"queue\", \"settings\": {\"colour\": 1}}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.error().contains("unknown address setting(s) 'colour'"), unknown.body());
        Reply badValue = post("/api/addresses", "{\"name\": \"a\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": \"many\"}}");
        assertEquals(400, badValue.status());
        assertTrue(badValue.error().contains("max-delivery-attempts"), badValue.body());
        assertEquals(400, post("/api/addresses", "{\"name\": \"a\", \"kind\": \"pipe\"}").status());
        assertEquals(400, post("/api/addresses", "{\"name\": \"a\"").status());
        assertEquals(400, post("/api/addresses", "[1, 2]").status());
        assertEquals(415, send("POST", "/api/addresses", "text/plain", "{\"name\": \"a\", \"kind\": \"queue\"}")
                .status());
        Reply big = post("/api/addresses", "{\"name\": \"" + "x".repeat(2000) + "\", \"kind\": \"queue\"}");
        assertEquals(413, big.status());
        assertTrue(big.error().contains("larger than 1024 bytes"), big.body());
        assertEquals(404, get("/api/addresses/a").status());
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredAsJson() throws Exception {
        Reply nothing = get("/api/nothing");
        assertEquals(404, nothing.status());
        assertTrue(nothing.error().contains("/api"), nothing.body());
        Reply wrong = send("PUT", "/api/queues", null, null);
        assertEquals(405, wrong.status());
        assertTrue(wrong.error().contains("GET"), wrong.body());
        assertEquals(400, get("/api/queues/q/messages?limit=0").status());
        assertEquals(400, delete("/api/queues/q/messages/abc").status());
    }

    @Test
    void deletingAnAddressWithMessagesNeedsForce() throws Exception {
        sendMessages("orders", 2, "red");
        Reply refused = delete("/api/addresses/orders");
        assertEquals(409, refused.status());
        assertTrue(refused.error().contains("2 message(s)") && refused.error().contains("force=true"),
                refused.body());
        assertEquals(2, queueFigure("orders", "depth"));
        assertEquals(200, delete("/api/addresses/orders?force=true").status());
        assertEquals(404, get("/api/queues/orders").status());
    }

    @Test
    void queueFiguresFollowSendsAndAcknowledgements() throws Exception {
        sendMessages("orders", 3, "red");
        try (Session s = jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            Message m = c.receive(5000);
            assertNotNull(m);
            m.acknowledge();
            await().atMost(Duration.ofSeconds(10)).until(() -> queueFigure("orders", "acknowledged") == 1);
            JsonNode q = get("/api/queues/orders").json();
            assertEquals(3, q.path("enqueued").asLong());
            assertEquals(1, q.path("consumers").asLong());
            assertEquals("orders", q.path("address").asText());
            assertTrue(q.path("oldestMessageAgeMillis").asLong() >= 0, q.toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queueFigure("orders", "depth") == 2);
        assertTrue(get("/api/queues").body().contains("\"name\":\"orders\""));
    }

    @Test
    void browsesAPageWithASelectorAndRemovesAndMovesMessages() throws Exception {
        sendMessages("orders", 3, "red");
        sendMessages("orders", 2, "blue");
        Reply blue = get("/api/queues/orders/messages?selector=" + URLEncoder.encode("color = 'blue'",
                StandardCharsets.UTF_8));
        assertEquals(200, blue.status(), blue.body());
        assertEquals(2, blue.json().size());
        assertEquals("blue", blue.json().get(0).path("applicationProperties").path("color").asText());
        assertTrue(blue.json().get(0).path("header").path("durable").asBoolean());
        assertEquals(2, get("/api/queues/orders/messages?limit=2").json().size());
        Reply badSelector = get("/api/queues/orders/messages?selector=color%20%3D");
        assertEquals(400, badSelector.status());

        long first = blue.json().get(0).path("id").asLong();
        long second = blue.json().get(1).path("id").asLong();
        assertEquals(200, delete("/api/queues/orders/messages/" + first).status());
        assertEquals(404, delete("/api/queues/orders/messages/" + first).status());
        Reply moved = post("/api/queues/orders/messages/" + second + "/move?to=archive", null);
        assertEquals(200, moved.status(), moved.body());
        assertEquals(400, post("/api/queues/orders/messages/" + second + "/move", null).status());
        assertEquals(3, queueFigure("orders", "depth"));
        assertEquals(1, queueFigure("archive", "depth"));
        try (Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Message m = s.createConsumer(s.createQueue("archive")).receive(5000);
            assertNotNull(m);
            assertEquals("blue", m.getStringProperty("color"));
        }
    }

    @Test
    void retrySendsDeadLettersBackToTheirAddress() throws Exception {
        assertEquals(201, post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 1}}").status());
        sendMessages("orders", 1, "red");
        try (Session s = jms.createSession(true, Session.SESSION_TRANSACTED)) {
            assertNotNull(s.createConsumer(s.createQueue("orders")).receive(5000));
            s.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/queues/DLQ.orders").status() == 200
                && queueFigure("DLQ.orders", "depth") == 1);
        assertEquals(1, queueFigure("orders", "deadLettered"));
        Reply retried = post("/api/queues/DLQ.orders/retry", null);
        assertEquals(200, retried.status(), retried.body());
        assertEquals(1, retried.json().path("retried").asLong());
        assertEquals(0, queueFigure("DLQ.orders", "depth"));
        assertEquals(1, queueFigure("orders", "depth"));
        assertEquals(405, get("/api/queues/DLQ.orders/retry").status());
    }

    @Test
    void listsConnectionsAndClosesOne() throws Exception {
        Reply list = get("/api/connections");
        assertEquals(200, list.status());
        JsonNode c = list.json().get(0);
        assertTrue(c.path("remoteAddress").asText().contains("127.0.0.1"), c.toString());
        assertFalse(c.path("connectedAt").asText().isEmpty());
        AtomicReference<Exception> lost = new AtomicReference<>();
        Connection other = new JmsConnectionFactory("amqp://127.0.0.1:" + amqp.port()).createConnection();
        try {
            other.setExceptionListener(lost::set);
            other.start();
            JsonNode listed = get("/api/connections").json();
            assertEquals(2, listed.size());
            String id = listed.get(1).path("id").asText();
            assertEquals(200, delete("/api/connections/" + id).status());
            await().atMost(Duration.ofSeconds(10)).until(() -> lost.get() != null);
            assertTrue(lost.get().getMessage().contains("closed by an operator"), lost.get().getMessage());
            assertEquals(404, delete("/api/connections/" + id).status());
        } finally {
            other.close();
        }
    }

    @Test
    void metricsShowQueueCountsStoreCommitsPoolAndJvm() throws Exception {
        sendMessages("orders", 3, "red");
        Reply r = get("/metrics");
        assertEquals(200, r.status());
        String text = r.body();
        assertEquals(3.0, sample(text, "tributary_queue_enqueued_total", "queue=\"orders\""), 0.0, text);
        assertEquals(3.0, sample(text, "tributary_queue_depth", "address=\"orders\""), 0.0);
        assertEquals(1.0, sample(text, "tributary_connections", ""), 0.0);
        assertTrue(sample(text, "tributary_store_commit_seconds_count", "") >= 3, text);
        assertTrue(text.contains("tributary_store_group_batches_bucket"), text);
        assertTrue(text.contains("hikaricp_connections_active{pool=\"tributary-store\"}"), text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);

        assertEquals(200, delete("/api/addresses/orders?force=true").status());
        assertFalse(get("/metrics").body().contains("queue=\"orders\""));
    }

    @Test
    void withUsersConfiguredEverythingButHealthNeedsALogin() throws Exception {
        LoginThrottle unthrottled = new LoginThrottle(Duration.ZERO, Duration.ZERO, Duration.ZERO, System::nanoTime);
        try (ManagementServer guarded = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 1024), null,
                metrics, Credentials.derive(Map.of("alice", "wonderland")), unthrottled)) {
            String base = guarded.url();
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/api/queues"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
            String wrongPassword = login(base + "/metrics", "alice", "rabbit");
            assertEquals(wrongPassword, login(base + "/metrics", "mallory", "rabbit"),
                    "an unknown user and a wrong password are answered alike");
            assertTrue(wrongPassword.startsWith("401"), wrongPassword);
            assertTrue(login(base + "/api/queues", "alice", "wonderland").startsWith("200"));
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private String login(String url, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + (r.statusCode() == 200 ? "" : r.body());
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}. */
    private static double sample(String text, String name, String label) {
        for (String line : text.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample " + name + " with " + label + " in:\n" + text);
    }
}
