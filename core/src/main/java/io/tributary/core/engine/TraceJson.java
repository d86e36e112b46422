package io.tributary.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of a trace event's details and of a message's application properties in the trace table: a flat
 * JSON object whose values are strings, whole numbers or lists of strings. Stateless.
 *
 * <p>Design note: the core has no JSON library, and this small shape is all the trace needs; the management API
 * serves the parsed map with its own JSON writer.
 */
final class TraceJson {

    private TraceJson() {
    }

    /** {@code values} as a JSON object; a value that is not a number or a list becomes its string. */
    static String write(Map<String, ?> values) {
        StringBuilder b = new StringBuilder(64).append('{');
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            quote(b, e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof Long || v instanceof Integer) {
                b.append(v);
            } else if (v instanceof List<?> list) {
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    quote(i == 0 ? b : b.append(','), String.valueOf(list.get(i)));
                }
                b.append(']');
            } else {
                quote(b, String.valueOf(v));
            }
        }
        return b.append('}').toString();
    }

    /** One member {@code "name":"value"} as {@link #write} writes a string value. */
    static String member(String name, String value) {
        StringBuilder b = new StringBuilder();
        quote(b, name).append(':');
        return quote(b, value).toString();
    }

    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** Reads what {@link #write} wrote (strings, whole numbers, lists of strings); null or blank is empty. */
    static Map<String, Object> read(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        int[] at = {1};
        while (at[0] < text.length() && text.charAt(at[0]) != '}') {
            String key = string(text, at);
            at[0]++; // ':'
            char c = text.charAt(at[0]);
            if (c == '"') {
                out.put(key, string(text, at));
            } else if (c == '[') {
                List<String> list = new ArrayList<>();
                at[0]++;
                while (text.charAt(at[0]) != ']') {
                    list.add(string(text, at));
                    if (text.charAt(at[0]) == ',') {
                        at[0]++;
                    }
                }
                at[0]++;
                out.put(key, list);
            } else {
                int end = at[0];
                while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) {
                    end++;
                }
                out.put(key, Long.parseLong(text.substring(at[0], end)));
                at[0] = end;
            }
            if (at[0] < text.length() && text.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
        return out;
    }

    /** Reads the string starting at {@code at[0]} (its opening quote) and moves past its closing quote. */
    private static String string(String text, int[] at) {
        StringBuilder b = new StringBuilder();
        int i = at[0] + 1;
        while (text.charAt(i) != '"') {
            char c = text.charAt(i++);
            if (c == '\\') {
                char n = text.charAt(i++);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        at[0] = i + 1;
        return b.toString();
    }
}
