package io.tributary.core.store.jdbc;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.config.AddressKeys;
import io.tributary.core.config.Settings.Key;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Writes {@link AddressSettings} as properties text with the configuration file's names ({@link AddressKeys}) and
 * reads it back. A property that is absent reads as the default, so "no dead-letter address" (null) and "drop dead
 * letters" ("") stay distinct. Rows written under an earlier name ({@link AddressKeys#PARTITION_KEY_BEFORE}) still
 * load. Stateless.
 */
final class SettingsCodec {

    private SettingsCodec() {
    }

    static String write(AddressSettings s) {
        Properties p = new Properties();
        AddressKeys.write(s).forEach(p::setProperty);
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
            String before = p.getProperty(AddressKeys.PARTITION_KEY_BEFORE);
            if (before != null) {
                p.putIfAbsent(AddressKeys.PARTITION_KEY.name(), before);
            }
            return AddressKeys.read(AddressSettings.DEFAULTS, new AddressKeys.Lookup() {
                @Override
                public <T> T get(Key<T> setting, T fallback) {
                    String v = p.getProperty(setting.name());
                    return v == null ? fallback : setting.parse(v.trim());
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.STORE_FAILURE, "stored settings of address '" + address
                    + "' cannot be read (" + e.getMessage() + "): " + text
                    + "; fix or delete the row in tributary_address", e);
        }
    }
}
