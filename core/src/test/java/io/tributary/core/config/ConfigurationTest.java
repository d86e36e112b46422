package io.tributary.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file: every key checked, every value parsed, errors that say where and what to write. */
class ConfigurationTest {

    @TempDir
    Path dir;

    private Configuration file(String... lines) throws Exception {
        return Configuration.read(Files.writeString(dir.resolve("broker.properties"), String.join("\n", lines)));
    }

    private BrokerException failure(String... lines) {
        return assertThrows(BrokerException.class, () -> file(lines));
    }

    @Test
    void readsTheEngineKeysIntoTheBrokerConfiguration() throws Exception {
        Configuration c = file("addresses.auto-create-queues=false", "addresses.default-kind=topic",
                "limits.max-transactions=3", "defaults.max-delivery-attempts=4", "defaults.redelivery-delay=250ms",
                "address.clicks.kind=stream", "address.clicks.partitions=4", "address.clicks.partition-key=region",
                "address.orders.kind=queue", "address.orders.dead-letter-address=");
        BrokerConfig.Builder b = BrokerConfig.builder();
        c.applyTo(b);
        BrokerConfig config = b.build();

        assertFalse(config.autoCreateQueues());
        assertEquals(AddressKind.TOPIC, config.defaultKind());
        assertEquals(3, config.maxTransactions());
        assertEquals(4, config.defaults().maxDeliveryAttempts());
        assertEquals(AddressKind.STREAM, config.declared().get("clicks").kind());
        assertEquals("region", config.settingsFor("clicks").partitionKeyProperty());
        assertEquals(4, config.settingsFor("clicks").partitions());
        assertEquals(Duration.ofMillis(250), config.settingsFor("clicks").redeliveryDelay(), "from defaults.");
        assertEquals(null, config.settingsFor("orders").deadLetterAddressFor("orders"), "empty drops dead letters");
    }

    @Test
    void acceptsOnlyTrueOrFalseAndSaysWhereTheBadValueIs() {
        BrokerException e = failure("# users", "sasl.allow-anonymous=true", "addresses.auto-create-queues = yes");

        assertEquals(BrokerException.Kind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().startsWith("configuration addresses.auto-create-queues = 'yes' is invalid: "
                + "expected true or false"), e.getMessage());
        assertTrue(e.getMessage().endsWith(dir.resolve("broker.properties") + ", line 3)"), e.getMessage());
        assertTrue(failure("defaults.populate-user-id=on").getMessage().contains("'on'"));
    }

    @Test
    void namesAnUnknownKeyAndGivesTheNewSpellingOfAnOldOne() {
        assertTrue(failure("limits.max-linx=3").getMessage().startsWith(
                "configuration key 'limits.max-linx' is not known; the keys are amqp.*"));
        Map<String, String> renamed = Map.of("auto-create-queues", "addresses.auto-create-queues",
                "default-kind", "addresses.default-kind", "max-transactions", "limits.max-transactions",
                "max-delivery-attempts", "defaults.max-delivery-attempts",
                "populate-user-id", "defaults.populate-user-id",
                "address.clicks.partition-key-property", "address.clicks.partition-key",
                "defaults.partition-key-property", "defaults.partition-key");
        renamed.forEach((old, now) -> {
            String message = failure("address.clicks.kind=stream", old + "=true").getMessage();
            assertTrue(message.contains("'" + old + "' is not known; it is spelled '" + now + "' now"), message);
        });
    }

    @Test
    void checksEveryValueWhenTheFileIsReadAlsoOfKeysTheEngineDoesNotUse() {
        for (String bad : new String[] {"amqp.port=70000", "amqp.idle-timeout=soon", "limits.max-links=0",
            "tls.keystore-type=PEM", "address.q.kind=pipe", "store.outage-limit=-1s", "limits.global-memory=lots"}) {
            String key = bad.substring(0, bad.indexOf('='));
            String message = failure(bad).getMessage();
            assertTrue(message.startsWith("configuration " + key + " = '"), message);
        }
    }

    @Test
    void refusesSettingsOfAnAddressWhoseKindIsNotDeclared() {
        assertTrue(failure("address.orders.max-delivery-attempts=3").getMessage()
                .contains("address.orders.kind is not; declare the kind"));
    }

    @Test
    void namesTheAddressWhoseSettingsDoNotFitTogether() throws Exception {
        Configuration c = file("address.q.kind=queue", "address.q.redelivery-multiplier=0.5");
        BrokerException e = assertThrows(BrokerException.class, () -> c.applyTo(BrokerConfig.builder()));

        assertTrue(e.getMessage().startsWith("configuration address.q: address setting redelivery-multiplier"),
                e.getMessage());
    }

    @Test
    void overridesAValueAndChecksTheOverride() throws Exception {
        Configuration c = file("amqp.port=5672", "users.alice=secret").with("amqp.port", "0");

        assertEquals(0, c.get(Settings.AMQP_PORT, 5672));
        assertEquals(Map.of("alice", "secret"), c.users());
        assertEquals(Set.of("amqp.port"), c.serverOnlyKeys());
        assertThrows(BrokerException.class, () -> c.with("amqp.port", "-1"));
    }
}
