package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.Permissions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The management API applies the configured roles: a read-only role looks, a managing role changes. */
@Timeout(60)
class ManagementPermissionsTest {

    private Broker broker;
    private BrokerMetrics metrics;
    private ManagementServer http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.builder().permissions(Permissions.builder()
                .member("viewers", "vic")
                .member("admins", "ada")
                .member("outsiders", "eve")
                .grant("outsiders", "other.#", "browse")
                .grant("viewers", "#", "browse")
                .grant("admins", "#", "browse,create,delete,manage,send")
                .build()).build());
        metrics = new BrokerMetrics();
        metrics.bindBroker(broker);
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 1024), null, metrics,
                Credentials.derive(Map.of("vic", "viewer-pw", "ada", "admin-pw", "eve",
                        "outsider-pw")));
    }

    @AfterEach
    void stop() {
        http.close();
        broker.close();
        metrics.close();
    }

    private HttpResponse<String> call(String user, String password, String method, String path, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReadOnlyRoleLooksButCannotChangeAManagingRoleChanges() throws Exception {
        String create = "{\"name\":\"orders\",\"kind\":\"queue\"}";
        HttpResponse<String> refused = call("vic", "viewer-pw", "POST", "/api/addresses", create);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("create") && refused.body().contains("orders"), refused.body());
        assertFalse(broker.addresses().find("orders").isPresent(), "a refused request changes nothing");

        assertEquals(201 / 100, call("ada", "admin-pw", "POST", "/api/addresses", create).statusCode() / 100);
        assertEquals(200, call("vic", "viewer-pw", "GET", "/api/queues/orders", null).statusCode());
        HttpResponse<String> delete = call("vic", "viewer-pw", "DELETE", "/api/addresses/orders", null);
        assertEquals(403, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains("delete"), delete.body());
        assertEquals(200, call("ada", "admin-pw", "DELETE", "/api/addresses/orders", null).statusCode());
        assertFalse(broker.addresses().find("orders").isPresent());
    }

    @Test
    void changingSettingsAndPurgingNeedManageReadingAMessageNeedsBrowse() throws Exception {
        String create = "{\"name\":\"orders\",\"kind\":\"queue\"}";
        assertEquals(201, call("ada", "admin-pw", "POST", "/api/addresses", create).statusCode());
        HttpResponse<String> patch = call("vic", "viewer-pw", "PATCH", "/api/addresses/orders",
                "{\"max-delivery-attempts\": 2}");
        assertEquals(403, patch.statusCode(), patch.body());
        assertTrue(patch.body().contains("manage") && patch.body().contains("orders"), patch.body());
        assertEquals(10, broker.addresses().find("orders").orElseThrow().settings().maxDeliveryAttempts());
        HttpResponse<String> purge = call("vic", "viewer-pw", "POST", "/api/queues/orders/purge", null);
        assertEquals(403, purge.statusCode(), purge.body());
        HttpResponse<String> retry = call("vic", "viewer-pw", "POST", "/api/queues/orders/messages/1/retry", null);
        assertEquals(403, retry.statusCode(), retry.body());
        HttpResponse<String> read = call("vic", "viewer-pw", "GET", "/api/queues/orders/messages/1", null);
        assertEquals(404, read.statusCode(), "browse lets a viewer look: " + read.body());

        HttpResponse<String> changed = call("ada", "admin-pw", "PATCH", "/api/addresses/orders",
                "{\"max-delivery-attempts\": 2}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(2, broker.addresses().find("orders").orElseThrow().settings().maxDeliveryAttempts());
        assertEquals(200, call("ada", "admin-pw", "POST", "/api/queues/orders/purge", null).statusCode());
    }

    @Test
    void listingAQueuesConsumersNeedsBrowseOnIt() throws Exception {
        assertEquals(201, call("ada", "admin-pw", "POST", "/api/addresses", "{\"name\":\"orders\",\"kind\":\"queue\"}")
                .statusCode());
        HttpResponse<String> viewer = call("vic", "viewer-pw", "GET", "/api/queues/orders/consumers", null);
        assertEquals(200, viewer.statusCode(), viewer.body());
        assertEquals("[]", viewer.body().strip());
        HttpResponse<String> outsider = call("eve", "outsider-pw", "GET", "/api/queues/orders/consumers", null);
        assertEquals(403, outsider.statusCode(), outsider.body());
        assertTrue(outsider.body().contains("browse") && outsider.body().contains("orders"), outsider.body());
    }
}
