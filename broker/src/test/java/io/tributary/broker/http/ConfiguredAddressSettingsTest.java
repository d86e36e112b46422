package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rule for run-time settings changes: an address the configuration declares takes the configuration's settings
 * again at each start, so a change through the API lasts until the next start and says so; an address created through
 * the API keeps its changes across restarts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfiguredAddressSettingsTest {

    @RegisterExtension
    final ApiFixture f = new ApiFixture().config(b -> b.declare("orders", AddressKind.QUEUE,
            AddressSettings.DEFAULTS.withMaxDeliveryAttempts(5)));

    private JsonNode address(String name) throws Exception {
        Reply r = f.get("/api/addresses/" + name);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void aChangeToAConfiguredAddressSaysItLastsUntilTheNextStartWhenTheConfigurationAppliesAgain() throws Exception {
        assertTrue(address("orders").path("configured").asBoolean(), address("orders").toString());

        Reply changed = f.patch("/api/addresses/orders", "{\"max-delivery-attempts\": 1}");
        assertEquals(200, changed.status(), changed.body());
        assertEquals("1", changed.json().path("settings").path("max-delivery-attempts").asText());
        assertTrue(changed.json().path("configured").asBoolean());
        assertTrue(changed.json().path("warning").asText().contains("declared in the configuration file"),
                changed.body());
        assertTrue(changed.json().path("warning").asText().contains("next starts"), changed.body());
        assertEquals("1", address("orders").path("settings").path("max-delivery-attempts").asText(),
                "the change applies now");

        f.restart();
        JsonNode after = address("orders");
        assertEquals("5", after.path("settings").path("max-delivery-attempts").asText(), "the file wins: " + after);
        assertTrue(after.path("configured").asBoolean());
        assertFalse(after.has("warning"), "only a change warns: " + after);
    }

    @Test
    void aChangeToAnAddressCreatedThroughTheApiIsKeptAcrossARestartWithoutAWarning() throws Exception {
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"billing\", \"kind\": \"queue\"}").status());
        assertFalse(address("billing").path("configured").asBoolean());

        Reply changed = f.patch("/api/addresses/billing", "{\"max-delivery-attempts\": 2}");
        assertEquals(200, changed.status(), changed.body());
        assertFalse(changed.json().has("warning"), changed.body());

        f.restart();
        assertEquals("2", address("billing").path("settings").path("max-delivery-attempts").asText());
        assertFalse(address("billing").path("configured").asBoolean());
    }
}
