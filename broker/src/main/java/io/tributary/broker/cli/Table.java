package io.tributary.broker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the management API's JSON for people: a list as a table of chosen columns, one object as aligned
 * {@code name: value} lines. Columns are paths into each row ({@code properties.messageId}); a field the answer does
 * not have prints as {@code -} and fields no column names are left out, so an API that answers more fields, or fewer,
 * breaks no table.
 *
 * <p>Immutable.
 */
final class Table {

    private static final String MISSING = "-";
    private final List<String> paths;

    private Table(List<String> paths) {
        this.paths = paths;
    }

    /** A table whose columns are these paths; each header is the path's last name. */
    static Table of(String... paths) {
        return new Table(List.of(paths));
    }

    /** Prints the rows of a JSON array, or {@code empty} when it has none. */
    void print(JsonNode rows, PrintWriter out, String empty) {
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> line = new ArrayList<>();
            for (String path : paths) {
                line.add(text(at(row, path)));
            }
            cells.add(line);
        }
        if (cells.isEmpty()) {
            out.println(empty);
            return;
        }
        List<String> headers = paths.stream().map(p -> p.substring(p.lastIndexOf('.') + 1)).toList();
        int[] width = new int[paths.size()];
        boolean[] numeric = new boolean[paths.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            numeric[c] = true;
            for (List<String> line : cells) {
                width[c] = Math.max(width[c], line.get(c).length());
                numeric[c] &= line.get(c).equals(MISSING) || line.get(c).matches("-?[0-9]+(\\.[0-9]+)?");
            }
        }
        out.println(line(headers, width, numeric));
        for (List<String> line : cells) {
            out.println(line(line, width, numeric));
        }
    }

    private static String line(List<String> values, int[] width, boolean[] numeric) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String v = values.get(c);
            String pad = " ".repeat(width[c] - v.length());
            b.append(numeric[c] ? pad + v : v + (c == width.length - 1 ? "" : pad));
            if (c < width.length - 1) {
                b.append("  ");
            }
        }
        return b.toString().stripTrailing();
    }

    /** Prints every field of one JSON object as {@code name: value}, nested objects with dotted names. */
    static void fields(JsonNode object, PrintWriter out) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", object, flat);
        int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
        flat.forEach((k, v) -> out.println(k + ":" + " ".repeat(width - k.length() + 1) + v));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject() && (node.size() > 0 || prefix.isEmpty())) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        } else if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(prefix, text(node));
        }
    }

    /** The node at a dotted path, or a missing node. */
    static JsonNode at(JsonNode row, String path) {
        JsonNode node = row;
        for (String name : path.split("\\.")) {
            node = node.path(name);
        }
        return node;
    }

    /** A value as one cell: scalars as they are, null or missing as {@code -}, objects as {@code k=v, ...}. */
    static String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return MISSING;
        }
        if (v.isValueNode()) {
            return v.asText().replaceAll("\\p{Cntrl}", " ");
        }
        if (v.isObject()) {
            List<String> pairs = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    pairs.add(e.getKey() + "=" + text(e.getValue()));
                }
            }
            return pairs.isEmpty() ? MISSING : String.join(", ", pairs);
        }
        return v.toString();
    }
}
