package io.tributary.jms.provider;

import jakarta.jms.JMSException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The options of a broker URL ({@code ?name=value&...}), shared by the JMS layer ({@code jms.*}) and the
 * providers (their own names), and the URL as error messages may show it (passwords masked).
 */
public final class UrlQuery {

    /** An option whose name ends in "password" (any case), with its value. */
    private static final Pattern PASSWORD = Pattern.compile("((?:^|[?&(,])[^=&?]*(?i:password)=)[^&,)]*");

    private UrlQuery() {
    }

    /**
     * The options of a raw (still URL-encoded) query in their order, names and values decoded; an empty map
     * for a null or empty query.
     *
     * @throws JMSException naming the URL and the option that is not {@code name=value}
     */
    public static Map<String, String> parse(String url, String rawQuery) throws JMSException {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new JMSException("broker URL '" + shown(url) + "': option '" + shown(pair)
                        + "' is not name=value");
            }
            try {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                JMSException je = new JMSException("broker URL '" + shown(url) + "': option '" + shown(pair)
                        + "' is not URL-encoded correctly (" + e.getMessage() + ")");
                je.initCause(e);
                throw je;
            }
        }
        return out;
    }

    /** The URL for error messages and logs: the value of every option named ...password is masked. */
    public static String shown(String url) {
        return url == null ? null : PASSWORD.matcher(url).replaceAll("$1***");
    }
}
