package io.tributary.core;

/**
 * Makes text that came from a client (user names, container ids, link names, addresses, error descriptions) safe to
 * put in a log line or an error message: control characters and line separators are escaped, so that a client cannot
 * forge log lines, and long text is cut, so that a client cannot fill the log.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClientText {

    /** How many characters of one value are kept; the rest is replaced by a count. */
    public static final int MAX_LENGTH = 256;

    private ClientText() {
    }

    /** {@code value} with control characters escaped ({@code \n}, {@code \u001b}) and cut to {@link #MAX_LENGTH}. */
    public static String safe(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int keep = Math.min(s.length(), MAX_LENGTH);
        StringBuilder out = null;
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(keep + 16).append(s, 0, i);
                }
                escape(out, c);
            } else if (out != null) {
                out.append(c);
            }
        }
        if (out == null && keep == s.length()) {
            return s;
        }
        if (out == null) {
            out = new StringBuilder(keep + 32).append(s, 0, keep);
        }
        if (keep < s.length()) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    private static void escape(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }
}
