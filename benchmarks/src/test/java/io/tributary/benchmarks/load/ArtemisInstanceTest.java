package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reference Artemis is an instance the distribution's `artemis create` made and tuned for this disk. */
@Timeout(120)
class ArtemisInstanceTest {

    @Test
    void createMeasuresTheDiskAndWritesTheMatchingJournalSettings() {
        try (ArtemisInstance instance = ArtemisInstance.create(true)) {
            assertTrue(Files.isRegularFile(instance.etc().resolve("broker.xml")));
            assertEquals("true", instance.setting("journal-datasync"));
            assertTrue(instance.describe().contains("done! Your system can make"), instance.describe());
            long timeout = Long.parseLong(instance.setting("journal-buffer-timeout"));
            assertTrue(timeout > 0, "a tuned buffer timeout: " + timeout);
            assertNotEquals("?", instance.setting("journal-type"));
        }
    }

    @Test
    void theAmqpAcceptorKeepsTheOptionsCreateGaveItOnTheChosenPort() {
        try (ArtemisInstance instance = ArtemisInstance.create(false)) {
            String uri = instance.amqpAcceptor(12345);
            assertTrue(uri.startsWith("tcp://127.0.0.1:12345?"), uri);
            assertTrue(uri.contains("protocols=AMQP"), uri);
            assertTrue(uri.contains("amqpCredits="), uri);
            assertFalse(uri.contains("&amp;"), uri);
        }
    }
}
