package io.tributary.core.config;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.DuplicateDetection;
import io.tributary.core.TraceSampling;
import io.tributary.core.config.Settings.Key;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The per-address settings, one spelling each: the configuration file's ({@code defaults.SETTING},
 * {@code address.NAME.SETTING}), which is also how the JDBC store keeps an address's settings. Stateless.
 */
public final class AddressKeys {

    /** What a declared address is; required for {@code address.NAME.*}, not a default. */
    public static final Key<AddressKind> KIND = key("kind", Values::kind);
    public static final Key<Integer> MAX_DELIVERY_ATTEMPTS = key("max-delivery-attempts",
            Values.integer(0, Integer.MAX_VALUE));
    public static final Key<Duration> REDELIVERY_DELAY = key("redelivery-delay", Values::nonNegativeDuration);
    public static final Key<Double> REDELIVERY_MULTIPLIER = key("redelivery-multiplier", Values::decimal);
    public static final Key<Duration> MAX_REDELIVERY_DELAY = key("max-redelivery-delay", Values::nonNegativeDuration);
    /** Empty drops dead letters; unset means {@code DLQ.NAME}. */
    public static final Key<String> DEAD_LETTER_ADDRESS = key("dead-letter-address", Values::text);
    public static final Key<String> EXPIRY_ADDRESS = key("expiry-address", Values::text);
    public static final Key<Long> MEMORY_BUDGET = key("memory-budget", Values::size);
    public static final Key<Integer> PARTITIONS = key("partitions", Values.integer(1, 1024));
    public static final Key<Duration> RETENTION_AGE = key("retention-age", Values::nonNegativeDuration);
    public static final Key<Long> RETENTION_BYTES = key("retention-bytes", Values::size);
    public static final Key<Long> RETENTION_MESSAGES = key("retention-messages", Values::longValue);
    /** A stream's partition key: the application property whose value it is. */
    public static final Key<String> PARTITION_KEY = key("partition-key", Values::text);
    public static final Key<Boolean> POPULATE_USER_ID = key("populate-user-id", Values::bool);
    /** {@code off}, {@code property} ({@code _AMQ_DUPL_ID}) or {@code message-id}. */
    public static final Key<DuplicateDetection.Mode> DUPLICATE_DETECTION = key("duplicate-detection",
            DuplicateDetection.Mode::parse);
    /** How many duplicate ids an address remembers. */
    public static final Key<Integer> DUPLICATE_ID_CACHE = key("duplicate-id-cache",
            Values.integer(1, Integer.MAX_VALUE));
    /** {@code on} or {@code off}: record the life of the address's messages (see {@code MessageTrace}). */
    public static final Key<Boolean> TRACING = key("tracing", Values::onOff);
    /** The share of messages traced when {@link #TRACING} is on, 0 to 1. */
    public static final Key<Double> TRACING_SAMPLE = key("tracing-sample", Values::fraction);

    /**
     * The earlier spelling of {@link #PARTITION_KEY} (the JDBC store wrote it so, and rows written then still load).
     */
    public static final String PARTITION_KEY_BEFORE = "partition-key-property";

    /** Every setting that {@code defaults.} may give, that is all but {@link #KIND}. */
    public static final List<Key<?>> SETTINGS = List.of(MAX_DELIVERY_ATTEMPTS, REDELIVERY_DELAY, REDELIVERY_MULTIPLIER,
            MAX_REDELIVERY_DELAY, DEAD_LETTER_ADDRESS, EXPIRY_ADDRESS, MEMORY_BUDGET, PARTITIONS, RETENTION_AGE,
            RETENTION_BYTES, RETENTION_MESSAGES, PARTITION_KEY, POPULATE_USER_ID, DUPLICATE_DETECTION,
            DUPLICATE_ID_CACHE, TRACING, TRACING_SAMPLE);

    /**
     * The settings an address may change while the broker runs ({@link io.tributary.core.Addresses#change}); the
     * others (a stream's partitions and retention, duplicate detection) hold from its creation.
     */
    public static final List<Key<?>> RUN_TIME = List.of(MAX_DELIVERY_ATTEMPTS, REDELIVERY_DELAY,
            REDELIVERY_MULTIPLIER, MAX_REDELIVERY_DELAY, DEAD_LETTER_ADDRESS, EXPIRY_ADDRESS, MEMORY_BUDGET,
            POPULATE_USER_ID);

    /** Where {@link #read} finds the value of each setting. */
    public interface Lookup {
        /** The parsed value of {@code setting}, or {@code fallback} when it is not given. */
        <T> T get(Key<T> setting, T fallback);
    }

    private AddressKeys() {
    }

    /** The setting of that name ({@link #KIND} excluded). */
    public static Optional<Key<?>> setting(String name) {
        return SETTINGS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** {@code base} with every setting that {@code values} gives. */
    public static AddressSettings read(AddressSettings base, Lookup values) {
        AddressSettings s = base;
        s = s.withMaxDeliveryAttempts(values.get(MAX_DELIVERY_ATTEMPTS, s.maxDeliveryAttempts()));
        s = s.withRedelivery(values.get(REDELIVERY_DELAY, s.redeliveryDelay()),
                values.get(REDELIVERY_MULTIPLIER, s.redeliveryMultiplier()),
                values.get(MAX_REDELIVERY_DELAY, s.maxRedeliveryDelay()));
        s = s.withDeadLetterAddress(values.get(DEAD_LETTER_ADDRESS, s.deadLetterAddress()));
        s = s.withExpiryAddress(values.get(EXPIRY_ADDRESS, s.expiryAddress()));
        s = s.withMemoryBudget(values.get(MEMORY_BUDGET, s.memoryBudgetBytes()));
        s = s.withStream(values.get(PARTITIONS, s.partitions()), values.get(RETENTION_AGE, s.retentionAge()),
                values.get(RETENTION_BYTES, s.retentionBytes()), values.get(RETENTION_MESSAGES, s.retentionMessages()),
                values.get(PARTITION_KEY, s.partitionKeyProperty()));
        s = s.withPopulateUserId(values.get(POPULATE_USER_ID, s.populateUserId()));
        s = s.withDuplicateDetection(new DuplicateDetection(
                values.get(DUPLICATE_DETECTION, s.duplicateDetection().mode()),
                values.get(DUPLICATE_ID_CACHE, s.duplicateDetection().window())));
        return s.withTracing(new TraceSampling(values.get(TRACING, s.tracing().on()),
                values.get(TRACING_SAMPLE, s.tracing().sample())));
    }

    /**
     * The settings as text that {@link #read} parses back to equal settings, by setting name; a setting that is
     * null (no dead-letter address given, no retention age) is left out.
     */
    public static Map<String, String> write(AddressSettings s) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(MAX_DELIVERY_ATTEMPTS.name(), Integer.toString(s.maxDeliveryAttempts()));
        out.put(REDELIVERY_DELAY.name(), s.redeliveryDelay().toString());
        out.put(REDELIVERY_MULTIPLIER.name(), Double.toString(s.redeliveryMultiplier()));
        out.put(MAX_REDELIVERY_DELAY.name(), s.maxRedeliveryDelay().toString());
        putIfSet(out, DEAD_LETTER_ADDRESS, s.deadLetterAddress());
        putIfSet(out, EXPIRY_ADDRESS, s.expiryAddress());
        out.put(MEMORY_BUDGET.name(), Long.toString(s.memoryBudgetBytes()));
        out.put(PARTITIONS.name(), Integer.toString(s.partitions()));
        putIfSet(out, RETENTION_AGE, s.retentionAge() == null ? null : s.retentionAge().toString());
        out.put(RETENTION_BYTES.name(), Long.toString(s.retentionBytes()));
        out.put(RETENTION_MESSAGES.name(), Long.toString(s.retentionMessages()));
        putIfSet(out, PARTITION_KEY, s.partitionKeyProperty());
        out.put(POPULATE_USER_ID.name(), Boolean.toString(s.populateUserId()));
        out.put(DUPLICATE_DETECTION.name(), s.duplicateDetection().mode().spelling());
        out.put(DUPLICATE_ID_CACHE.name(), Integer.toString(s.duplicateDetection().window()));
        out.put(TRACING.name(), s.tracing().on() ? "on" : "off");
        out.put(TRACING_SAMPLE.name(), Double.toString(s.tracing().sample()));
        return out;
    }

    /** The names of the settings whose values differ between {@code a} and {@code b}, in {@link #SETTINGS} order. */
    public static List<String> changed(AddressSettings a, AddressSettings b) {
        Map<String, String> before = write(a);
        Map<String, String> after = write(b);
        return SETTINGS.stream().map(Key::name).filter(n -> !Objects.equals(before.get(n), after.get(n))).toList();
    }

    private static void putIfSet(Map<String, String> out, Key<?> key, String value) {
        if (value != null) {
            out.put(key.name(), value);
        }
    }

    private static <T> Key<T> key(String name, Function<String, T> parser) {
        return new Key<>(name, parser, false);
    }
}
