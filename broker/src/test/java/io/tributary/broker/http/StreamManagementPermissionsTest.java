package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.broker.http.ApiClient.Reply;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.Permissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Topics and streams in the management API follow the configured roles: reading one needs browse on it, resetting a
 * stream's consumer group manage on the stream; the lists need only a login.
 */
@Timeout(60)
class StreamManagementPermissionsTest {

    private Broker broker;
    private BrokerMetrics metrics;
    private ManagementServer http;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.builder().permissions(Permissions.builder()
                .member("viewers", "vic")
                .member("operators", "ops")
                .member("strangers", "sam")
                .grant("viewers", "#", "browse")
                .grant("operators", "orders", "browse,manage")
                .build()).build());
        broker.addresses().declare("orders", AddressKind.STREAM,
                AddressSettings.DEFAULTS.withStream(2, null, 0, 0, null));
        broker.addresses().declare("news", AddressKind.TOPIC, AddressSettings.DEFAULTS);
        metrics = new BrokerMetrics();
        metrics.bindBroker(broker);
        http = ManagementServer.start(broker, new HttpSettings("127.0.0.1", 0, 1024), null, metrics,
                Credentials.derive(Map.of("vic", "viewer-pw", "ops", "ops-pw", "sam", "sam-pw")));
    }

    @AfterEach
    void stop() {
        http.close();
        broker.close();
        metrics.close();
    }

    private ApiClient as(String user) {
        return new ApiClient(http.url(), user, user.equals("vic") ? "viewer-pw" : user + "-pw");
    }

    @Test
    void aViewerReadsStreamsAndTopicsButOnlyAManagerResetsAGroup() throws Exception {
        String reset = "/api/streams/orders/groups/billing/reset?to=first";
        assertEquals(200, as("vic").get("/api/streams/orders").status());
        assertEquals(200, as("vic").get("/api/streams/orders/groups").status());
        assertEquals(200, as("vic").get("/api/topics/news").status());
        Reply refused = as("vic").post(reset);
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.error().contains("manage") && refused.error().contains("'orders'"), refused.body());

        Reply allowed = as("ops").post(reset);
        assertEquals(404, allowed.status(), "past the permission check, the group is unknown: " + allowed.body());
        assertEquals(403, as("ops").get("/api/topics/news").status(), "ops may browse orders only");

        Reply stranger = as("sam").get("/api/streams/orders");
        assertEquals(403, stranger.status(), stranger.body());
        assertTrue(stranger.error().contains("browse"), stranger.body());
        assertEquals(200, as("sam").get("/api/streams").status(), "a list needs only a login");
        assertEquals(401, new ApiClient(http.url(), "vic", "wrong").get("/api/streams").status());
    }
}
