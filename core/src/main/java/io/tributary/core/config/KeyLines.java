package io.tributary.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the line on which each key of a properties file is written, so that an error can point at it. Follows the
 * properties format as far as keys go (comments, continuation lines, {@code =}, {@code :} or white space after
 * the key, backslash escapes); a key given twice is found where it was given last, as {@code Properties} keeps
 * that one. Stateless.
 */
final class KeyLines {

    private KeyLines() {
    }

    /** Key to 1-based line number. */
    static Map<String, Integer> of(String text) {
        Map<String, Integer> lines = new HashMap<>();
        List<String> all = text.lines().toList();
        boolean continued = false;
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i).stripLeading();
            boolean starts = !continued && !line.isEmpty() && line.charAt(0) != '#' && line.charAt(0) != '!';
            if (starts) {
                lines.put(key(line).trim(), i + 1);
            }
            continued = (starts || continued) && endsWithOddBackslashes(line);
        }
        return lines;
    }

    private static String key(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
