package io.tributary.core.store.jdbc;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Writes {@link AddressSettings} as properties text (the names of the configuration file) and reads it
 * back. A property that is absent reads as null, so "no dead-letter address" (null) and "drop dead
 * letters" ("") stay distinct. Stateless.
 */
final class SettingsCodec {

    private static final String MAX_DELIVERY_ATTEMPTS = "max-delivery-attempts";
    private static final String REDELIVERY_DELAY = "redelivery-delay";
    private static final String REDELIVERY_MULTIPLIER = "redelivery-multiplier";
    private static final String MAX_REDELIVERY_DELAY = "max-redelivery-delay";
    private static final String DEAD_LETTER_ADDRESS = "dead-letter-address";
    private static final String EXPIRY_ADDRESS = "expiry-address";
    private static final String MEMORY_BUDGET = "memory-budget";
    private static final String PARTITIONS = "partitions";
    private static final String RETENTION_AGE = "retention-age";
    private static final String RETENTION_BYTES = "retention-bytes";
    private static final String RETENTION_MESSAGES = "retention-messages";
    private static final String PARTITION_KEY_PROPERTY = "partition-key-property";
    private static final String POPULATE_USER_ID = "populate-user-id";

    private SettingsCodec() {
    }

    static String write(AddressSettings s) {
        Properties p = new Properties();
        p.setProperty(MAX_DELIVERY_ATTEMPTS, Integer.toString(s.maxDeliveryAttempts()));
        p.setProperty(REDELIVERY_DELAY, s.redeliveryDelay().toString());
        p.setProperty(REDELIVERY_MULTIPLIER, Double.toString(s.redeliveryMultiplier()));
        p.setProperty(MAX_REDELIVERY_DELAY, s.maxRedeliveryDelay().toString());
        putIfSet(p, DEAD_LETTER_ADDRESS, s.deadLetterAddress());
        putIfSet(p, EXPIRY_ADDRESS, s.expiryAddress());
        p.setProperty(MEMORY_BUDGET, Long.toString(s.memoryBudgetBytes()));
        p.setProperty(PARTITIONS, Integer.toString(s.partitions()));
        putIfSet(p, RETENTION_AGE, s.retentionAge() == null ? null : s.retentionAge().toString());
        p.setProperty(RETENTION_BYTES, Long.toString(s.retentionBytes()));
        p.setProperty(RETENTION_MESSAGES, Long.toString(s.retentionMessages()));
        putIfSet(p, PARTITION_KEY_PROPERTY, s.partitionKeyProperty());
        p.setProperty(POPULATE_USER_ID, Boolean.toString(s.populateUserId()));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store always writes a date comment first; drop comments so equal settings give equal text.
        return out.toString().lines().filter(l -> !l.startsWith("#")).sorted().collect(Collectors.joining("\n"));
    }

    static AddressSettings read(String address, String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            AddressSettings d = AddressSettings.DEFAULTS;
            return new AddressSettings(
                    integer(p, MAX_DELIVERY_ATTEMPTS, d.maxDeliveryAttempts()),
                    duration(p, REDELIVERY_DELAY, d.redeliveryDelay()),
                    Double.parseDouble(p.getProperty(REDELIVERY_MULTIPLIER, Double.toString(d.redeliveryMultiplier()))),
                    duration(p, MAX_REDELIVERY_DELAY, d.maxRedeliveryDelay()),
                    p.getProperty(DEAD_LETTER_ADDRESS),
                    p.getProperty(EXPIRY_ADDRESS),
                    longValue(p, MEMORY_BUDGET, d.memoryBudgetBytes()),
                    integer(p, PARTITIONS, d.partitions()),
                    duration(p, RETENTION_AGE, null),
                    longValue(p, RETENTION_BYTES, d.retentionBytes()),
                    longValue(p, RETENTION_MESSAGES, d.retentionMessages()),
                    p.getProperty(PARTITION_KEY_PROPERTY),
                    Boolean.parseBoolean(p.getProperty(POPULATE_USER_ID, Boolean.toString(d.populateUserId()))));
        } catch (IOException | RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "stored settings of address '" + address
                    + "' cannot be read (" + e.getMessage() + "): " + text
                    + "; fix or delete the row in tributary_address", e);
        }
    }

    private static void putIfSet(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    private static int integer(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        return v == null ? dflt : Integer.parseInt(v.trim());
    }

    private static long longValue(Properties p, String key, long dflt) {
        String v = p.getProperty(key);
        return v == null ? dflt : Long.parseLong(v.trim());
    }

    private static Duration duration(Properties p, String key, Duration dflt) {
        String v = p.getProperty(key);
        return v == null ? dflt : Duration.parse(v.trim());
    }
}
