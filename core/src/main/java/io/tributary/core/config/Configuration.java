package io.tributary.core.config;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.TraceLimits;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.Permissions;
import io.tributary.core.config.Settings.Key;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A parsed and checked configuration file (a Java properties file), as {@code bin/tributary} and a {@code vm://}
 * broker read it: every key is one that {@link Settings} names and every value parses, or reading fails with a
 * {@link BrokerException} (INVALID_ARGUMENT) naming the key, the value and the file's line; a key spelled as an
 * earlier version spelled it gets its new spelling in the message.
 *
 * <p>Immutable and thread-safe; {@link #with} answers a copy with one value overridden (a command-line flag).
 */
public final class Configuration {

    private static final String KEYS = "the keys are amqp.*, sasl.*, tls.*, limits.*, store.*, users.NAME, roles.ROLE, "
            + "permissions.ROLE.PATTERN, "
            + "addresses.*, defaults.SETTING and address.NAME.SETTING (see tributary.properties.example)";

    private final Map<String, String> values;
    private final String source;
    private final Map<String, Integer> lines;

    private Configuration(Map<String, String> values, String source, Map<String, Integer> lines) {
        this.values = values;
        this.source = source;
        this.lines = lines;
    }

    /** No file: every default. */
    public static Configuration empty() {
        return new Configuration(Map.of(), "no file", Map.of());
    }

    /** Reads and checks a file; a file that cannot be read fails naming it. */
    public static Configuration read(Path file) {
        String text;
        Properties p = new Properties();
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "cannot read the configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k.trim(), p.getProperty(k).trim()));
        return checked(values, file.toAbsolutePath().toString(), KeyLines.of(text));
    }

    private static Configuration checked(Map<String, String> values, String source, Map<String, Integer> lines) {
        Configuration c = new Configuration(Map.copyOf(values), source, Map.copyOf(lines));
        c.check();
        return c;
    }

    /** This configuration with {@code key} set to {@code value} (checked like the file's own). */
    public Configuration with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value.trim());
        Map<String, Integer> without = new TreeMap<>(lines);
        without.remove(key);
        return checked(copy, source, without);
    }

    /** Every key and its text, sorted by key. */
    public Map<String, String> values() {
        return new TreeMap<>(values);
    }

    /** Where the values come from: the file's absolute path, or {@code no file}. */
    public String source() {
        return source;
    }

    /** The parsed value of {@code key}, or {@code fallback} when the file does not give it. */
    public <T> T get(Key<T> key, T fallback) {
        return parse(key.name(), key, fallback);
    }

    /** The value of {@code key}, or empty. */
    public <T> Optional<T> find(Key<T> key) {
        return Optional.ofNullable(parse(key.name(), key, null));
    }

    /** The users, {@code users.NAME=PASSWORD}, by name. */
    public Map<String, String> users() {
        Map<String, String> users = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(Settings.USERS)) {
                users.put(k.substring(Settings.USERS.length()), v);
            }
        });
        return users;
    }

    /**
     * The roles and permissions ({@code roles.ROLE=USERS}, {@code permissions.ROLE.PATTERN=PERMISSIONS}); everything
     * allowed when no permission is given.
     */
    public Permissions permissions() {
        Permissions.Builder b = Permissions.builder();
        values.forEach((k, v) -> {
            if (k.startsWith(Settings.ROLES)) {
                for (String user : v.split(",")) {
                    if (!user.isBlank()) {
                        b.member(k.substring(Settings.ROLES.length()), user.trim());
                    }
                }
            } else if (k.startsWith(Settings.PERMISSIONS)) {
                String rest = k.substring(Settings.PERMISSIONS.length());
                int dot = rest.indexOf('.');
                try {
                    b.grant(rest.substring(0, dot), rest.substring(dot + 1), v);
                } catch (RuntimeException e) {
                    throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "configuration " + k + " = '" + v
                            + "' is invalid: " + e.getMessage() + where(k), e);
                }
            }
        });
        return b.build();
    }

    /** The keys given that only the network server reads ({@link Key#serverOnly()}), sorted. */
    public Set<String> serverOnlyKeys() {
        Set<String> out = new TreeSet<>();
        values.keySet().forEach(k -> Settings.fixed(k).filter(Key::serverOnly).ifPresent(x -> out.add(k)));
        return out;
    }

    /**
     * Applies the engine's keys (addresses.*, limits of the engine, defaults.*, address.*) to {@code builder}; what
     * the file does not give keeps the builder's default.
     */
    public void applyTo(BrokerConfig.Builder builder) {
        find(Settings.AUTO_CREATE_QUEUES).ifPresent(builder::autoCreateQueues);
        find(Settings.AUTO_CREATE_TOPICS).ifPresent(builder::autoCreateTopics);
        find(Settings.DEFAULT_KIND).ifPresent(builder::defaultKind);
        find(Settings.LIMITS_MAX_TRANSACTIONS).ifPresent(builder::maxTransactions);
        find(Settings.LIMITS_GLOBAL_MEMORY).ifPresent(builder::globalMemory);
        builder.permissions(permissions());
        TraceLimits trace = builder.tracing();
        builder.tracing(new TraceLimits(get(Settings.TRACING_RETENTION, trace.retention()),
                get(Settings.TRACING_MAX_EVENTS, trace.maxEvents()), get(Settings.TRACING_BUFFER, trace.buffer())));
        AddressSettings defaults = addressSettings(Settings.DEFAULTS, AddressSettings.DEFAULTS);
        builder.defaults(defaults);
        declared().forEach((name, kind) ->
                builder.declare(name, kind, addressSettings(Settings.ADDRESS + name + ".", defaults)));
    }

    /** The declared addresses and their kinds ({@code address.NAME.kind}). */
    private Map<String, AddressKind> declared() {
        Map<String, AddressKind> kinds = new TreeMap<>();
        values.keySet().stream().filter(k -> k.startsWith(Settings.ADDRESS)).forEach(k -> {
            String name = addressName(k);
            kinds.put(name, parse(Settings.ADDRESS + name + "." + AddressKeys.KIND.name(), AddressKeys.KIND, null));
        });
        return kinds;
    }

    private AddressSettings addressSettings(String prefix, AddressSettings base) {
        try {
            return AddressKeys.read(base, new AddressKeys.Lookup() {
                @Override
                public <T> T get(Key<T> setting, T fallback) {
                    return parse(prefix + setting.name(), setting, fallback);
                }
            });
        } catch (BrokerException e) {
            if (e.getMessage().startsWith("configuration ")) {
                throw e;
            }
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "configuration "
                    + prefix.substring(0, prefix.length() - 1) + ": " + e.getMessage() + where(null), e);
        }
    }

    private <T> T parse(String key, Key<T> parser, T fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return parser.parse(v);
        } catch (RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "configuration " + key + " = '" + v + "' is invalid: " + e.getMessage() + where(key), e);
        }
    }

    /** Checks every key and value: an unknown key, a bad value or an address without a kind fails. */
    private void check() {
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            Key<?> known = keyOf(key).orElseThrow(() -> unknown(key));
            parse(key, known, null);
            if (key.startsWith(Settings.ADDRESS) && !values.containsKey(Settings.ADDRESS + addressName(key) + "."
                    + AddressKeys.KIND.name())) {
                String name = addressName(key);
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "configuration " + key
                        + " is given but address." + name + ".kind is not; declare the kind (queue, topic, stream)"
                        + where(key));
            }
        }
    }

    /** The key that parses the value of {@code key}, or empty when no such key exists. */
    private static Optional<Key<?>> keyOf(String key) {
        if (key.startsWith(Settings.USERS)) {
            String user = key.substring(Settings.USERS.length());
            return user.isEmpty() ? Optional.empty() : Optional.of(new Key<>(key, v -> {
                Credentials.checkStored(user, v);
                return v;
            }, false));
        }
        if (key.startsWith(Settings.ROLES)) {
            String role = key.substring(Settings.ROLES.length());
            return role.isEmpty() || role.contains(".") ? Optional.empty()
                    : Optional.of(new Key<>(key, Values::text, false));
        }
        if (key.startsWith(Settings.PERMISSIONS)) {
            String rest = key.substring(Settings.PERMISSIONS.length());
            int dot = rest.indexOf('.');
            return dot <= 0 || dot == rest.length() - 1 ? Optional.empty()
                    : Optional.of(new Key<>(key, v -> {
                        Permissions.builder().grant(rest.substring(0, dot), rest.substring(dot + 1), v);
                        return v;
                    }, false));
        }
        if (key.startsWith(Settings.DEFAULTS)) {
            return AddressKeys.setting(key.substring(Settings.DEFAULTS.length()));
        }
        if (key.startsWith(Settings.ADDRESS)) {
            int dot = key.lastIndexOf('.');
            if (dot <= Settings.ADDRESS.length()) {
                return Optional.empty();
            }
            String setting = key.substring(dot + 1);
            return setting.equals(AddressKeys.KIND.name()) ? Optional.of(AddressKeys.KIND)
                    : AddressKeys.setting(setting);
        }
        return Settings.fixed(key);
    }

    private BrokerException unknown(String key) {
        String hint = Settings.newSpelling(key).map(n -> "; it is spelled '" + n + "' now").orElse("; " + KEYS);
        return new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                "configuration key '" + key + "' is not known" + hint + where(key));
    }

    /** " (in FILE, line N)" where the key was written, or " (in SOURCE)". */
    private String where(String key) {
        Integer line = key == null ? null : lines.get(key);
        return " (" + source + (line == null ? "" : ", line " + line) + ")";
    }

    private static String addressName(String key) {
        String rest = key.substring(Settings.ADDRESS.length());
        int dot = rest.lastIndexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Override
    public String toString() {
        return "configuration from " + source + " (" + values.size() + " keys)";
    }
}
