package io.tributary.broker;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.ByteSize;
import io.tributary.core.GlobalMemoryLimit;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The broker's configuration file: a Java properties file. Every key is checked; an unknown key or a bad value
 * fails the start with the key's name in the message.
 *
 * <pre>
 * amqp.bind=127.0.0.1            amqp.port=5672          amqp.idle-timeout=60s   amqp.open-timeout=30s
 * amqp.auth-timeout=10s          amqp.max-frame-size=128KiB     amqp.channel-max=255
 * sasl.allow-anonymous=true      sasl.failure-delay=100ms   sasl.max-failure-delay=5s   users.alice=secret
 * tls.keystore=broker.p12        tls.keystore-password=changeit   tls.keystore-type=PKCS12
 * limits.max-connections=10000   limits.max-unauthenticated-connections=1000
 * limits.max-sessions=256        limits.max-links=1024   limits.max-message-size=100MiB
 * limits.max-transactions=256
 * limits.global-memory=50%       (a size such as 512MiB, or a percentage of the maximum heap)
 * store.url=jdbc:...             store.user=...           store.password=...    store.outage-limit=30s
 * addresses.auto-create-queues=true   addresses.auto-create-topics=true   addresses.default-kind=queue
 * defaults.max-delivery-attempts=10   (every address setting below may also be given under defaults.)
 * address.orders.kind=queue      address.orders.max-delivery-attempts=5   address.orders.dead-letter-address=DLQ
 *   settings: redelivery-delay, redelivery-multiplier, max-redelivery-delay, expiry-address, memory-budget,
 *             partitions, retention-age, retention-bytes, retention-messages, partition-key, populate-user-id
 * </pre>
 *
 * <p>Immutable once read.
 */
final class ConfigFile {

    private final Map<String, String> values;

    private ConfigFile(Map<String, String> values) {
        this.values = values;
    }

    static ConfigFile empty() {
        return new ConfigFile(new TreeMap<>());
    }

    static ConfigFile read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "cannot read the configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        ConfigFile config = new ConfigFile(values);
        config.checkKeys();
        return config;
    }

    Map<String, String> values() {
        return values;
    }

    String string(String key) {
        return values.get(key);
    }

    <T> T get(String key, Function<String, T> parser, T fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return parser.apply(v);
        } catch (RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "configuration " + key + " = '" + v + "' is invalid: " + e.getMessage(), e);
        }
    }

    /** Users for SASL: every {@code users.NAME=PASSWORD}. */
    Map<String, String> users() {
        Map<String, String> users = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("users.")) {
                users.put(k.substring("users.".length()), v);
            }
        });
        return users;
    }

    /** Applies the engine limits, address settings, defaults and declared addresses to an engine configuration. */
    void applyTo(BrokerConfig.Builder builder) {
        builder.autoCreateQueues(get("addresses.auto-create-queues", Values::bool, true));
        builder.autoCreateTopics(get("addresses.auto-create-topics", Values::bool, true));
        builder.defaultKind(get("addresses.default-kind", AddressKind::parse, AddressKind.QUEUE));
        builder.maxTransactions(get("limits.max-transactions", Values::integer, BrokerConfig.DEFAULT_MAX_TRANSACTIONS));
        builder.globalMemory(get(GlobalMemoryLimit.KEY, GlobalMemoryLimit::parse, GlobalMemoryLimit.DEFAULT));
        AddressSettings defaults = settings("defaults.", AddressSettings.DEFAULTS);
        builder.defaults(defaults);
        Map<String, AddressKind> kinds = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("address.") && k.endsWith(".kind")) {
                String name = k.substring("address.".length(), k.length() - ".kind".length());
                kinds.put(name, get(k, AddressKind::parse, null));
            }
        });
        values.keySet().stream().filter(k -> k.startsWith("address.")).forEach(k -> {
            String name = addressName(k);
            if (!kinds.containsKey(name)) {
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "configuration " + k
                        + " is given but address." + name + ".kind is not; declare the kind (queue, topic, stream)");
            }
        });
        kinds.forEach((name, kind) -> builder.declare(name, kind, settings("address." + name + ".", defaults)));
    }

    private AddressSettings settings(String prefix, AddressSettings base) {
        AddressSettings s = base;
        s = s.withMaxDeliveryAttempts(get(prefix + "max-delivery-attempts", Values::integer,
                s.maxDeliveryAttempts()));
        s = s.withRedelivery(get(prefix + "redelivery-delay", Values::duration, s.redeliveryDelay()),
                get(prefix + "redelivery-multiplier", Double::parseDouble, s.redeliveryMultiplier()),
                get(prefix + "max-redelivery-delay", Values::duration, s.maxRedeliveryDelay()));
        s = s.withDeadLetterAddress(get(prefix + "dead-letter-address", v -> v, s.deadLetterAddress()));
        s = s.withExpiryAddress(get(prefix + "expiry-address", v -> v, s.expiryAddress()));
        s = s.withMemoryBudget(get(prefix + "memory-budget", Values::size, s.memoryBudgetBytes()));
        s = s.withStream(get(prefix + "partitions", Values::integer, s.partitions()),
                get(prefix + "retention-age", Values::duration, s.retentionAge()),
                get(prefix + "retention-bytes", Values::size, s.retentionBytes()),
                get(prefix + "retention-messages", Long::parseLong, s.retentionMessages()),
                get(prefix + "partition-key", v -> v, s.partitionKeyProperty()));
        s = s.withPopulateUserId(get(prefix + "populate-user-id", Values::bool, s.populateUserId()));
        return s;
    }

    private static String addressName(String key) {
        String rest = key.substring("address.".length());
        int dot = rest.lastIndexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static final java.util.Set<String> TOP_KEYS = java.util.Set.of("amqp.bind", "amqp.port",
            "amqp.idle-timeout", "amqp.open-timeout", "amqp.auth-timeout", "amqp.max-frame-size", "amqp.channel-max",
            "sasl.allow-anonymous", "sasl.failure-delay", "sasl.max-failure-delay",
            "tls.keystore", "tls.keystore-password", "tls.keystore-type",
            "limits.max-connections", "limits.max-unauthenticated-connections", "limits.max-sessions",
            "limits.max-links", "limits.max-message-size", "limits.max-transactions",
            GlobalMemoryLimit.KEY,
            "store.url", "store.user", "store.password", "store.outage-limit",
            "addresses.auto-create-queues", "addresses.auto-create-topics", "addresses.default-kind");

    private static final java.util.Set<String> SETTING_KEYS = java.util.Set.of("kind", "max-delivery-attempts",
            "redelivery-delay", "redelivery-multiplier", "max-redelivery-delay", "dead-letter-address",
            "expiry-address", "memory-budget", "partitions", "retention-age", "retention-bytes", "retention-messages",
            "partition-key", "populate-user-id");

    private void checkKeys() {
        for (String key : values.keySet()) {
            boolean ok = TOP_KEYS.contains(key)
                    || key.startsWith("users.") && key.length() > "users.".length()
                    || key.startsWith("defaults.") && SETTING_KEYS.contains(key.substring("defaults.".length()))
                    && !key.equals("defaults.kind")
                    || key.startsWith("address.") && key.lastIndexOf('.') > "address.".length()
                    && SETTING_KEYS.contains(key.substring(key.lastIndexOf('.') + 1));
            if (!ok) {
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "configuration key '" + key
                        + "' is not known; the keys are amqp.*, sasl.*, tls.*, limits.*, store.*, users.NAME, "
                        + "addresses.*, defaults.SETTING and address.NAME.SETTING (see tributary.properties.example)");
            }
        }
    }

    /** Value parsers; each throws with a message saying what is expected. */
    static final class Values {
        private Values() {
        }

        static boolean bool(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            };
        }

        static int integer(String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number", e);
            }
        }

        /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601 such as {@code PT30S}. */
        static java.time.Duration duration(String v) {
            String t = v.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.startsWith("p")) {
                    return java.time.Duration.parse(v.trim().toUpperCase(Locale.ROOT));
                }
                if (t.endsWith("ms")) {
                    return java.time.Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
                }
                long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> java.time.Duration.ofSeconds(n);
                    case 'm' -> java.time.Duration.ofMinutes(n);
                    case 'h' -> java.time.Duration.ofHours(n);
                    case 'd' -> java.time.Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S", e);
            }
        }

        /** Bytes: {@code 1024}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB} (also KB/MB/GB as powers of 1024). */
        static long size(String v) {
            return ByteSize.parse(v);
        }
    }
}
