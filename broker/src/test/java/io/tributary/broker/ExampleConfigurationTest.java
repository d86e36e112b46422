package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.config.AddressKeys;
import io.tributary.core.config.Configuration;
import io.tributary.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary.properties.example} is the reference of the configuration file: it parses, every key that
 * {@code Settings} names is written in it (set, or as a commented example {@code #key=value}), and every key it
 * writes, commented ones included, is accepted.
 */
class ExampleConfigurationTest {

    private static final Path EXAMPLE = Path.of("tributary.properties.example");
    /** {@code key=value} or {@code #key=value}: a key the example sets or shows; prose comments start with "# ". */
    private static final Pattern KEY_LINE = Pattern.compile("^#?([a-z][a-z0-9.*#-]*[a-z0-9*#])=(.*)$");

    @TempDir
    Path dir;

    private static List<String> keyLines() throws Exception {
        return Files.readAllLines(EXAMPLE).stream().filter(l -> KEY_LINE.matcher(l).matches()).toList();
    }

    private static Set<String> documentedKeys() throws Exception {
        Set<String> keys = new TreeSet<>();
        for (String line : keyLines()) {
            Matcher m = KEY_LINE.matcher(line);
            if (m.matches()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    @Test
    void theExampleParsesAndSoDoesEveryKeyItShowsInAComment() throws Exception {
        Configuration.read(EXAMPLE);
        String uncommented = keyLines().stream().map(l -> l.startsWith("#") ? l.substring(1) : l)
                .collect(Collectors.joining("\n"));
        Configuration all = Configuration.read(Files.writeString(dir.resolve("all.properties"), uncommented));
        assertEquals(documentedKeys(), all.values().keySet());
    }

    @Test
    void everyKeyThatSettingsNamesIsDocumented() throws Exception {
        Set<String> documented = documentedKeys();
        Set<String> missing = new TreeSet<>();
        Settings.FIXED.forEach(k -> {
            if (!documented.contains(k.name())) {
                missing.add(k.name());
            }
        });
        AddressKeys.SETTINGS.forEach(k -> {
            if (!documented.contains(Settings.defaultsKey(k))) {
                missing.add(Settings.defaultsKey(k));
            }
        });
        if (documented.stream().noneMatch(k -> k.startsWith(Settings.USERS))) {
            missing.add(Settings.USERS + "NAME");
        }
        if (documented.stream().noneMatch(k -> k.startsWith(Settings.ROLES))) {
            missing.add(Settings.ROLES + "ROLE");
        }
        if (documented.stream().noneMatch(k -> k.startsWith(Settings.PERMISSIONS))) {
            missing.add(Settings.PERMISSIONS + "ROLE.PATTERN");
        }
        if (documented.stream().noneMatch(k -> k.startsWith(Settings.ADDRESS) && k.endsWith("." + AddressKeys.KIND))) {
            missing.add(Settings.ADDRESS + "NAME." + AddressKeys.KIND);
        }
        assertTrue(missing.isEmpty(), "keys missing from tributary.properties.example: " + missing);
    }
}
