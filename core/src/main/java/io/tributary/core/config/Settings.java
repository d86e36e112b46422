package io.tributary.core.config;

import io.tributary.core.AddressKind;
import io.tributary.core.GlobalMemoryLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every key of the broker's configuration file, the one file that {@code bin/tributary} and a {@code vm://} broker
 * both read: the fixed keys below, {@code users.NAME} (a user and its password), {@code defaults.SETTING} and
 * {@code address.NAME.SETTING} (the settings of {@link AddressKeys}). {@code broker/tributary.properties.example}
 * documents each of them.
 *
 * <p>Design note: a key knows how its value is parsed, so that every value is checked when the file is read (also
 * by a {@code vm://} broker, which ignores the keys marked {@link Key#serverOnly()}); the defaults stay next to the
 * code that uses them ({@code BrokerConfig}, {@code AddressSettings}, the AMQP server's configuration). Stateless.
 */
public final class Settings {

    /**
     * One configuration key.
     *
     * @param name       the key as the file spells it
     * @param parser     parses the trimmed value; throws {@link IllegalArgumentException} saying what is expected
     * @param serverOnly only the network server reads it (listener, TLS, connection limits): a {@code vm://} broker
     *                   accepts and ignores it
     * @param <T>        the parsed value's type
     */
    public record Key<T>(String name, Function<String, T> parser, boolean serverOnly) {

        public T parse(String value) {
            return parser.apply(value);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final Key<String> AMQP_BIND = server("amqp.bind", Values::text);
    public static final Key<Integer> AMQP_PORT = server("amqp.port", Values.integer(0, 65535));
    public static final Key<Duration> AMQP_IDLE_TIMEOUT = server("amqp.idle-timeout", Values::nonNegativeDuration);
    public static final Key<Duration> AMQP_OPEN_TIMEOUT = server("amqp.open-timeout", Values::positiveDuration);
    public static final Key<Duration> AMQP_AUTH_TIMEOUT = server("amqp.auth-timeout", Values::positiveDuration);
    public static final Key<Long> AMQP_MAX_FRAME_SIZE = server("amqp.max-frame-size", Values::size);
    public static final Key<Integer> AMQP_CHANNEL_MAX = server("amqp.channel-max", Values.integer(0, 65535));

    public static final Key<String> HTTP_BIND = server("http.bind", Values::text);
    /** The management HTTP API's port; 0 switches it off. */
    public static final Key<Integer> HTTP_PORT = server("http.port", Values.integer(0, 65535));
    /**
     * How long a consumer may hold unsettled deliveries without acknowledging any before the management API (and so
     * the console) marks it stuck.
     */
    public static final Key<Duration> HTTP_STUCK_CONSUMER_AFTER = server("http.stuck-consumer-after",
            Values::positiveDuration);

    /** Whether a client may connect without a user: AMQP's SASL ANONYMOUS, a {@code vm://} connection with none. */
    public static final Key<Boolean> SASL_ALLOW_ANONYMOUS = both("sasl.allow-anonymous", Values::bool);
    public static final Key<Duration> SASL_FAILURE_DELAY = server("sasl.failure-delay", Values::nonNegativeDuration);
    public static final Key<Duration> SASL_MAX_FAILURE_DELAY = server("sasl.max-failure-delay",
            Values::nonNegativeDuration);

    public static final Key<String> TLS_KEYSTORE = server("tls.keystore", Values::text);
    public static final Key<String> TLS_KEYSTORE_PASSWORD = server("tls.keystore-password", Values::text);
    public static final Key<String> TLS_KEYSTORE_TYPE = server("tls.keystore-type", Values.oneOf("PKCS12", "JKS"));

    public static final Key<Integer> LIMITS_MAX_CONNECTIONS = server("limits.max-connections",
            Values.integer(1, Integer.MAX_VALUE));
    public static final Key<Integer> LIMITS_MAX_UNAUTHENTICATED = server("limits.max-unauthenticated-connections",
            Values.integer(1, Integer.MAX_VALUE));
    public static final Key<Integer> LIMITS_MAX_SESSIONS = server("limits.max-sessions",
            Values.integer(1, Integer.MAX_VALUE));
    public static final Key<Integer> LIMITS_MAX_LINKS = server("limits.max-links",
            Values.integer(1, Integer.MAX_VALUE));
    public static final Key<Long> LIMITS_MAX_MESSAGE_SIZE = server("limits.max-message-size", Values::size);
    public static final Key<Integer> LIMITS_MAX_TRANSACTIONS = both("limits.max-transactions",
            Values.integer(1, Integer.MAX_VALUE));
    public static final Key<GlobalMemoryLimit> LIMITS_GLOBAL_MEMORY = both(GlobalMemoryLimit.KEY,
            Values::globalMemory);

    public static final Key<String> STORE_URL = both("store.url", Values::text);
    public static final Key<String> STORE_USER = both("store.user", Values::text);
    public static final Key<String> STORE_PASSWORD = both("store.password", Values::text);
    public static final Key<Duration> STORE_OUTAGE_LIMIT = both("store.outage-limit", Values::nonNegativeDuration);
    /** Messages in the H2 store's append-only journal instead of its tables (see {@code MessageJournal}). */
    public static final Key<Boolean> STORE_JOURNAL = both("store.journal", Values::bool);

    /** How long trace events are kept (see {@code TraceLimits}). */
    public static final Key<Duration> TRACING_RETENTION = both("tracing.retention", Values::positiveDuration);
    public static final Key<Long> TRACING_MAX_EVENTS = both("tracing.max-events", Values::longValue);
    public static final Key<Integer> TRACING_BUFFER = both("tracing.buffer", Values.integer(1, 10_000_000));

    /** {@code off} or {@code shared-store}: several brokers on one PostgreSQL store, one live (see ARCHITECTURE). */
    public static final Key<String> HA_MODE = server("ha.mode", Values.oneOf(HaMode.OFF, HaMode.SHARED_STORE));
    public static final Key<String> HA_NODE_ID = server("ha.node-id", Values::text);
    public static final Key<Duration> HA_LEASE = server("ha.lease", Values::positiveDuration);

    public static final Key<Boolean> AUTO_CREATE_QUEUES = both("addresses.auto-create-queues", Values::bool);
    public static final Key<Boolean> AUTO_CREATE_TOPICS = both("addresses.auto-create-topics", Values::bool);
    public static final Key<AddressKind> DEFAULT_KIND = both("addresses.default-kind",
            Values::kind);

    /** Every fixed key (the patterns {@link #USERS}, {@link #DEFAULTS} and {@link #ADDRESS} aside). */
    public static final List<Key<?>> FIXED = List.of(AMQP_BIND, AMQP_PORT, AMQP_IDLE_TIMEOUT, AMQP_OPEN_TIMEOUT,
            AMQP_AUTH_TIMEOUT, AMQP_MAX_FRAME_SIZE, AMQP_CHANNEL_MAX, HTTP_BIND, HTTP_PORT,
            HTTP_STUCK_CONSUMER_AFTER, SASL_ALLOW_ANONYMOUS,
            SASL_FAILURE_DELAY, SASL_MAX_FAILURE_DELAY, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, TLS_KEYSTORE_TYPE,
            LIMITS_MAX_CONNECTIONS,
            LIMITS_MAX_UNAUTHENTICATED, LIMITS_MAX_SESSIONS, LIMITS_MAX_LINKS, LIMITS_MAX_MESSAGE_SIZE,
            LIMITS_MAX_TRANSACTIONS, LIMITS_GLOBAL_MEMORY, STORE_URL, STORE_USER, STORE_PASSWORD, STORE_OUTAGE_LIMIT,
            STORE_JOURNAL,
            TRACING_RETENTION, TRACING_MAX_EVENTS, TRACING_BUFFER, HA_MODE, HA_NODE_ID, HA_LEASE, AUTO_CREATE_QUEUES,
            AUTO_CREATE_TOPICS, DEFAULT_KIND);

    /** The values of {@link #HA_MODE}. */
    public static final class HaMode {
        /** One broker on its store (the default). */
        public static final String OFF = "off";
        /** Several brokers on one PostgreSQL store: the one holding the store's lease is live, the others stand by. */
        public static final String SHARED_STORE = "shared-store";

        private HaMode() {
        }
    }

    /** {@code users.NAME=PASSWORD}: a user for AMQP (PLAIN, SCRAM-SHA-256) and {@code vm://} connections. */
    public static final String USERS = "users.";
    /** {@code roles.ROLE=USER,USER}: the users in a role. */
    public static final String ROLES = "roles.";
    /**
     * {@code permissions.ROLE.PATTERN=send,consume,browse,create,delete,manage}: what a role may do on the addresses
     * the pattern matches ({@code *} one word, {@code #} any words); with none given everything is allowed.
     */
    public static final String PERMISSIONS = "permissions.";
    /** {@code defaults.SETTING}: the settings of every address without its own. */
    public static final String DEFAULTS = "defaults.";
    /** {@code address.NAME.SETTING}: a declared address ({@code address.NAME.kind} is required) and its settings. */
    public static final String ADDRESS = "address.";

    /** Keys of earlier versions (the {@code vm://} config file's, the store's), by their new spelling. */
    private static final Map<String, String> RENAMED = Map.of(
            "auto-create-queues", AUTO_CREATE_QUEUES.name(),
            "auto-create-topics", AUTO_CREATE_TOPICS.name(),
            "default-kind", DEFAULT_KIND.name(),
            "max-transactions", LIMITS_MAX_TRANSACTIONS.name(),
            "global-memory", LIMITS_GLOBAL_MEMORY.name());

    private Settings() {
    }

    /** The fixed key of that name. */
    public static Optional<Key<?>> fixed(String name) {
        return FIXED.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** {@code defaults.SETTING}. */
    public static String defaultsKey(Key<?> setting) {
        return DEFAULTS + setting.name();
    }

    /**
     * The present spelling of a key that an earlier version spelled {@code key}, or empty when it was never a key:
     * {@code auto-create-queues} is {@code addresses.auto-create-queues}, a bare address setting such as
     * {@code max-delivery-attempts} is {@code defaults.max-delivery-attempts}, {@code partition-key-property} is
     * {@code partition-key} (also under {@code defaults.} and {@code address.NAME.}).
     */
    public static Optional<String> newSpelling(String key) {
        String oldKeyProperty = "partition-key-property";
        if (key.endsWith(oldKeyProperty)) {
            String prefix = key.substring(0, key.length() - oldKeyProperty.length());
            if (prefix.isEmpty() || prefix.equals(DEFAULTS) || prefix.startsWith(ADDRESS)) {
                return Optional.of((prefix.isEmpty() ? DEFAULTS : prefix) + AddressKeys.PARTITION_KEY.name());
            }
        }
        if (RENAMED.containsKey(key)) {
            return Optional.of(RENAMED.get(key));
        }
        return AddressKeys.setting(key).map(Settings::defaultsKey);
    }

    private static <T> Key<T> server(String name, Function<String, T> parser) {
        return new Key<>(name, parser, true);
    }

    private static <T> Key<T> both(String name, Function<String, T> parser) {
        return new Key<>(name, parser, false);
    }
}
