package io.tributary.jms.vm;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.GlobalMemoryLimit;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads the {@code config=FILE} of a vm URL: a properties file with {@code auto-create-queues},
 * {@code auto-create-topics}, {@code default-kind}, {@code max-delivery-attempts}, {@code max-transactions} (open
 * transactions per connection), {@code limits.global-memory} (as in the server's configuration: a size such as
 * {@code 256MiB} or a percentage of the maximum heap, default {@code 50%}), {@code populate-user-id} and per address
 * {@code address.NAME.kind}, {@code address.NAME.max-delivery-attempts},
 * {@code address.NAME.dead-letter-address}, {@code address.NAME.populate-user-id} (the message's user-id, JMSXUserID,
 * is set to the connection's user when the sender leaves it unset).
 */
final class VmConfigFile {

    private VmConfigFile() {
    }

    static void apply(Path file, BrokerConfig.Builder builder) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "broker config file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
        }
        AddressSettings defaults = AddressSettings.DEFAULTS;
        if (p.containsKey("max-delivery-attempts")) {
            defaults = defaults.withMaxDeliveryAttempts(integer(p, "max-delivery-attempts"));
            builder.defaults(defaults);
        }
        if (p.containsKey("populate-user-id")) {
            defaults = defaults.withPopulateUserId(bool(p, "populate-user-id"));
            builder.defaults(defaults);
        }
        if (p.containsKey("auto-create-queues")) {
            builder.autoCreateQueues(Boolean.parseBoolean(p.getProperty("auto-create-queues").trim()));
        }
        if (p.containsKey("auto-create-topics")) {
            builder.autoCreateTopics(Boolean.parseBoolean(p.getProperty("auto-create-topics").trim()));
        }
        if (p.containsKey("max-transactions")) {
            builder.maxTransactions(integer(p, "max-transactions"));
        }
        if (p.containsKey("default-kind")) {
            builder.defaultKind(AddressKind.parse(p.getProperty("default-kind")));
        }
        if (p.containsKey(GlobalMemoryLimit.KEY)) {
            builder.globalMemory(globalMemory(p.getProperty(GlobalMemoryLimit.KEY).trim()));
        }
        TreeSet<String> addresses = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("address.") && key.endsWith(".kind")) {
                addresses.add(key.substring("address.".length(), key.length() - ".kind".length()));
            }
        }
        for (String name : addresses) {
            String prefix = "address." + name + ".";
            AddressSettings s = defaults;
            if (p.containsKey(prefix + "max-delivery-attempts")) {
                s = s.withMaxDeliveryAttempts(integer(p, prefix + "max-delivery-attempts"));
            }
            if (p.containsKey(prefix + "dead-letter-address")) {
                s = s.withDeadLetterAddress(p.getProperty(prefix + "dead-letter-address").trim());
            }
            if (p.containsKey(prefix + "populate-user-id")) {
                s = s.withPopulateUserId(bool(p, prefix + "populate-user-id"));
            }
            builder.declare(name, AddressKind.parse(p.getProperty(prefix + "kind")), s);
        }
    }

    private static GlobalMemoryLimit globalMemory(String v) {
        try {
            return GlobalMemoryLimit.parse(v);
        } catch (IllegalArgumentException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "broker config: " + GlobalMemoryLimit.KEY + " = '" + v + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static int integer(Properties p, String key) {
        String v = p.getProperty(key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "broker config: " + key + " = '" + v + "' is not an integer", e);
        }
    }

    private static boolean bool(Properties p, String key) {
        String v = p.getProperty(key).trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "broker config: " + key + " = '" + v + "' is not true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
