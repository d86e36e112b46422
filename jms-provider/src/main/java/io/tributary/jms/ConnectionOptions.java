package io.tributary.jms;

import io.tributary.jms.provider.UrlQuery;
import jakarta.jms.JMSException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JMS-layer options of a {@code vm://} broker URL ({@code jms.*}), under the names Qpid JMS users know,
 * so that one {@code jndi.properties} configures the embedded and the remote broker alike. Options without
 * the {@code jms.} prefix belong to the provider, which checks them itself. Immutable; parsed once per
 * connection.
 *
 * @param clientId the administratively configured client id ({@code jms.clientID}), or null
 * @param username the user ({@code jms.username}), or null
 * @param password the password ({@code jms.password}), or null
 * @param prefetch how many deliveries each kind of consumer buffers
 * @param closeTimeoutMillis how long close, stop, commit and rollback wait for listeners and asynchronous sends
 *                           ({@code jms.closeTimeout}, milliseconds, as in Qpid JMS)
 */
record ConnectionOptions(String clientId, String username, String password, Prefetch prefetch,
                         long closeTimeoutMillis) {

    static final String CLIENT_ID = "jms.clientID";
    static final String USERNAME = "jms.username";
    static final String PASSWORD = "jms.password";
    /** Sets every prefetch; documented before the prefetchPolicy names existed and kept. */
    static final String PREFETCH = "jms.prefetch";
    static final String PREFETCH_ALL = "jms.prefetchPolicy.all";
    static final String PREFETCH_QUEUE = "jms.prefetchPolicy.queuePrefetch";
    static final String PREFETCH_TOPIC = "jms.prefetchPolicy.topicPrefetch";
    static final String PREFETCH_DURABLE_TOPIC = "jms.prefetchPolicy.durableTopicPrefetch";
    static final String PREFETCH_BROWSER = "jms.prefetchPolicy.queueBrowserPrefetch";
    static final String CLOSE_TIMEOUT = "jms.closeTimeout";
    /** Qpid JMS's default close timeout: a minute. */
    static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 60_000;
    /** Deliveries a consumer buffers when no option says otherwise. */
    static final int DEFAULT_PREFETCH = 100;

    private static final TreeSet<String> KNOWN = new TreeSet<>(List.of(CLIENT_ID, USERNAME, PASSWORD,
            PREFETCH, PREFETCH_ALL, PREFETCH_QUEUE, PREFETCH_TOPIC, PREFETCH_DURABLE_TOPIC, PREFETCH_BROWSER,
            CLOSE_TIMEOUT));

    /**
     * How many deliveries a consumer buffers, by kind; a queue browser fetches its messages in batches of
     * {@code browser}. Each at least 1.
     */
    record Prefetch(int queue, int topic, int durableTopic, int browser) {
        static final Prefetch DEFAULT = new Prefetch(DEFAULT_PREFETCH, DEFAULT_PREFETCH, DEFAULT_PREFETCH,
                DEFAULT_PREFETCH);

        /** The prefetch of a consumer of a topic or a queue, durable or not. */
        int forConsumer(boolean ofTopic, boolean durable) {
            return !ofTopic ? queue : durable ? durableTopic : topic;
        }
    }

    static final ConnectionOptions NONE = new ConnectionOptions(null, null, null, Prefetch.DEFAULT,
            DEFAULT_CLOSE_TIMEOUT_MILLIS);

    /**
     * The {@code jms.*} options of {@code url}.
     *
     * @throws JMSException naming the URL and the option: unknown, or with a value that is not allowed
     */
    static ConnectionOptions parse(String url) throws JMSException {
        String raw;
        try {
            raw = url == null ? null : new URI(url.trim()).getRawQuery();
        } catch (URISyntaxException e) {
            return NONE; // the provider reports the malformed URL
        }
        Map<String, String> options = UrlQuery.parse(url, raw);
        options.keySet().removeIf(k -> !k.startsWith("jms."));
        for (String name : options.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new JMSException("broker URL '" + UrlQuery.shown(url) + "': unknown option '" + name
                        + "'; the jms. options are " + String.join(", ", KNOWN));
            }
        }
        int all = count(url, options, PREFETCH_ALL, count(url, options, PREFETCH, DEFAULT_PREFETCH));
        Prefetch prefetch = new Prefetch(count(url, options, PREFETCH_QUEUE, all),
                count(url, options, PREFETCH_TOPIC, all), count(url, options, PREFETCH_DURABLE_TOPIC, all),
                count(url, options, PREFETCH_BROWSER, all));
        return new ConnectionOptions(text(url, options, CLIENT_ID), options.get(USERNAME), options.get(PASSWORD),
                prefetch, millis(url, options, CLOSE_TIMEOUT, DEFAULT_CLOSE_TIMEOUT_MILLIS));
    }

    private static String text(String url, Map<String, String> options, String name) throws JMSException {
        String v = options.get(name);
        if (v != null && v.isEmpty()) {
            throw new JMSException("broker URL '" + UrlQuery.shown(url) + "': " + name + " is empty; give a value "
                    + "or leave the option out");
        }
        return v;
    }

    private static int count(String url, Map<String, String> options, String name, int otherwise)
            throws JMSException {
        return (int) atLeastOne(url, options, name, otherwise, Integer.MAX_VALUE, "an integer >= 1");
    }

    private static long millis(String url, Map<String, String> options, String name, long otherwise)
            throws JMSException {
        return atLeastOne(url, options, name, otherwise, Long.MAX_VALUE, "a number of milliseconds >= 1");
    }

    /** The whole number {@code name} gives, 1 to {@code max}; {@code otherwise} when it is absent. */
    private static long atLeastOne(String url, Map<String, String> options, String name, long otherwise, long max,
                                   String what) throws JMSException {
        String v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new JMSException("broker URL '" + UrlQuery.shown(url) + "': " + name + "='" + v + "' must be " + what);
    }
}
