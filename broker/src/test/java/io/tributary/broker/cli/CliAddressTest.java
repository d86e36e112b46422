package io.tributary.broker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.broker.http.ApiFixture;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tributary address show|set} against a broker whose configuration declares {@code orders}: the output says
 * where the settings come from and that a change to a configured address lasts until the next start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliAddressTest {

    @RegisterExtension
    final ApiFixture fixture = new ApiFixture().config(c -> c.declare("orders", AddressKind.QUEUE,
            AddressSettings.DEFAULTS.withMaxDeliveryAttempts(5)));

    @Test
    void setOnAConfiguredAddressSaysTheChangeLastsUntilTheNextStart() throws Exception {
        CliTestBroker b = new CliTestBroker(fixture);
        String shown = b.api("address", "show", "orders").expect(0).out();
        assertTrue(shown.contains("settings from: the configuration file"), shown);
        assertTrue(shown.contains("max-delivery-attempts") && shown.contains("5"), shown);

        String set = b.api("address", "set", "orders", "max-delivery-attempts=1").expect(0).out();
        assertTrue(set.contains("lasts until then; put it in the file to keep it"), set);
        assertEquals("1", b.api("address", "show", "orders", "--json").expect(0).json().path("settings")
                .path("max-delivery-attempts").asText());

        fixture.restart();
        b = new CliTestBroker(fixture);
        assertEquals("5", b.api("address", "show", "orders", "--json").expect(0).json().path("settings")
                .path("max-delivery-attempts").asText(), "the configuration applies again at the start");
    }

    @Test
    void setOnAnAddressCreatedThroughTheApiIsKeptAndBadInputIsNamed() throws Exception {
        CliTestBroker b = new CliTestBroker(fixture);
        assertEquals(201, b.post("/api/addresses", "{\"name\": \"billing\", \"kind\": \"queue\"}"));
        String set = b.api("address", "set", "billing", "max-delivery-attempts=2").expect(0).out();
        assertTrue(set.contains("settings from: the store"), set);

        String noEquals = b.api("address", "set", "billing", "max-delivery-attempts").expect(CliException.USAGE).err();
        assertTrue(noEquals.contains("'max-delivery-attempts' is not SETTING=VALUE"), noEquals);
        String unknown = b.api("address", "set", "billing", "colour=red").expect(CliException.FAILED).err();
        assertTrue(unknown.contains("colour"), unknown);
        b.api("address", "show", "nowhere").expect(CliException.NOT_FOUND);

        fixture.restart();
        b = new CliTestBroker(fixture);
        assertEquals("2", b.api("address", "show", "billing", "--json").expect(0).json().path("settings")
                .path("max-delivery-attempts").asText());
    }
}
