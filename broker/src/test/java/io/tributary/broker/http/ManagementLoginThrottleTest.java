package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failed HTTP Basic logins from one address hold it back: 429 with Retry-After, on a manual clock. */
@Timeout(60)
class ManagementLoginThrottleTest {

    private final AtomicLong nanos = new AtomicLong();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Broker broker;
    private BrokerMetrics metrics;
    private ManagementServer http;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.builder().build());
        metrics = new BrokerMetrics();
        metrics.bindBroker(broker);
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 1024), null, metrics,
                Credentials.derive(Map.of("alice", "wonderland")),
                new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(8), nanos::get));
    }

    @AfterEach
    void stop() {
        http.close();
        broker.close();
        metrics.close();
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(http.url() + "/api/queues"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void repeatedFailedLoginsAreAnsweredWith429AndRetryAfterUntilTheHoldEnds() throws Exception {
        assertEquals(401, login("alice", "rabbit").statusCode());
        HttpResponse<String> held = login("alice", "wonderland");
        assertEquals(429, held.statusCode(), "while held back even the right password waits its turn");
        assertEquals("1", held.headers().firstValue("Retry-After").orElse(""));
        assertTrue(held.body().contains("too many failed logins"), held.body());

        advance(Duration.ofSeconds(1));
        assertEquals(401, login("mallory", "rabbit").statusCode(), "an unknown user counts as a wrong password");
        HttpResponse<String> longer = login("mallory", "rabbit");
        assertEquals(429, longer.statusCode());
        assertEquals("2", longer.headers().firstValue("Retry-After").orElse(""), "the hold doubles");

        advance(Duration.ofSeconds(2));
        assertEquals(200, login("alice", "wonderland").statusCode());
    }

    @Test
    void requestsWithoutCredentialsAreNotCounted() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(http.url()
                    + "/api/queues")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
        }
        assertEquals(200, login("alice", "wonderland").statusCode());
    }
}
