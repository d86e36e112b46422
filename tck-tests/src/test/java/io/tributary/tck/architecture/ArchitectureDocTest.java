package io.tributary.tck.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md names only classes that exist. Every backticked span that starts with a CamelCase name
 * ({@code `ReceivingLink`}, {@code `Consumer.drain`}, {@code `CompletionStage<Void>`}) names a class by its first
 * segment; that class must be declared somewhere in the source tree (main or test code of any module), be a library
 * class the code imports, or be a {@code java.lang} class. So a class renamed or removed without the document
 * following fails the build. It checks names, not what the document says about them.
 */
class ArchitectureDocTest {

    private static final Pattern SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern CLASS_NAME = Pattern.compile("([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:[.#(<].*)?");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
    private static final Pattern IMPORTED = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+);");
    /** Library classes the document names for context that no code imports, with where they live. */
    private static final List<String> NAMED_ONLY_IN_THE_DOC = List.of("org.h2.mvstore.MVStore");

    @Test
    void namesOnlyClassesThatExist() throws IOException {
        Path root = projectRoot();
        Set<String> known = new HashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                    .forEach(p -> learn(p, known));
        }
        NAMED_ONLY_IN_THE_DOC.forEach(n -> known.add(n.substring(n.lastIndexOf('.') + 1)));
        assertTrue(known.contains("ArchitectureDocTest"), "the source tree was not read from " + root);

        Set<String> named = classNames(Files.readString(root.resolve("docs/ARCHITECTURE.md")));
        assertTrue(named.size() > 50, "only " + named.size() + " class names found in docs/ARCHITECTURE.md");
        List<String> unknown = new ArrayList<>();
        for (String name : named) {
            if (!known.contains(name) && !inJavaLang(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "docs/ARCHITECTURE.md names classes that are neither declared in the source "
                + "tree nor imported by it: rename them in the document (or, for a library class no code imports, "
                + "add it to NAMED_ONLY_IN_THE_DOC)");
    }

    static Set<String> classNames(String markdown) {
        Set<String> names = new LinkedHashSet<>();
        Matcher span = SPAN.matcher(markdown);
        while (span.find()) {
            Matcher name = CLASS_NAME.matcher(span.group(1));
            if (name.matches()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    @Test
    void readsTheFirstSegmentOfABacktickedCamelCaseSpan() {
        assertEquals(Set.of("ReceivingLink", "Consumer", "CompletionStage", "Timers"), classNames(
                "`ReceivingLink`, `Consumer.drain`, `CompletionStage<Void>`, `Timers.watch(q)`, `DLQ.<address>`, "
                        + "`queue://`, `limits.max-links`, `ID:AMQP_STRING:`, `CHECKPOINT SYNC`"));
    }

    private static void learn(Path file, Set<String> known) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher declared = DECLARED.matcher(text);
        while (declared.find()) {
            known.add(declared.group(1));
        }
        Matcher imported = IMPORTED.matcher(text);
        while (imported.find()) {
            for (String segment : imported.group(1).split("\\.")) {
                if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
                    known.add(segment);
                }
            }
        }
    }

    private static boolean inJavaLang(String name) {
        try {
            Class.forName("java.lang." + name, false, ArchitectureDocTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/ARCHITECTURE.md")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docs/ARCHITECTURE.md above " + Path.of("").toAbsolutePath());
    }
}
