package io.tributary.core.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.store.AddressRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An address's settings in the store: written with the configuration file's names, old rows still load. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SettingsCodecTest {

    @TempDir
    Path dataDirectory;

    private static final AddressSettings STREAM = AddressSettings.DEFAULTS.withMaxDeliveryAttempts(3)
            .withRedelivery(Duration.ofMillis(250), 2.0, Duration.ofMinutes(1)).withDeadLetterAddress("")
            .withExpiryAddress("expired").withMemoryBudget(1024 * 1024)
            .withStream(4, Duration.ofDays(7), 1L << 30, 1000, "region").withPopulateUserId(true);

    @Test
    void writesTheNamesOfTheConfigurationFileAndReadsThemBack() {
        String text = SettingsCodec.write(STREAM);

        assertTrue(text.contains("partition-key=region"), text);
        assertFalse(text.contains("partition-key-property"), text);
        assertEquals(STREAM, SettingsCodec.read("clicks", text));
        assertEquals(AddressSettings.DEFAULTS,
                SettingsCodec.read("plain", SettingsCodec.write(AddressSettings.DEFAULTS)));
    }

    @Test
    void loadsARowWrittenUnderTheEarlierName() throws Exception {
        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
        }
        String url = JdbcMessageStore.h2(dataDirectory).url();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO tributary_address (name, kind, settings) VALUES (?, ?, ?)")) {
            ps.setString(1, "clicks");
            ps.setString(2, AddressKind.STREAM.name());
            ps.setString(3, "max-delivery-attempts=3\npartition-key-property=region\npartitions=4\n"
                    + "redelivery-delay=PT0.25S\nretention-age=PT168H\n");
            ps.executeUpdate();
        }

        try (JdbcMessageStore store = JdbcMessageStore.h2(dataDirectory)) {
            store.start();
            AddressRecord clicks = store.loadAddresses().get(0);

            assertEquals("region", clicks.settings().partitionKeyProperty());
            assertEquals(4, clicks.settings().partitions());
            assertEquals(3, clicks.settings().maxDeliveryAttempts());
            assertEquals(Duration.ofDays(7), clicks.settings().retentionAge());
            assertEquals(Duration.ofMillis(250), clicks.settings().redeliveryDelay());
        }
    }
}
