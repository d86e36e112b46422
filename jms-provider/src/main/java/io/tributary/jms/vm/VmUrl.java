package io.tributary.jms.vm;

import jakarta.jms.JMSException;
import io.tributary.jms.provider.UrlQuery;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed {@code vm://NAME?options} URL. Options:
 * <ul>
 *   <li>{@code config=FILE}: the broker's configuration file, the same file {@code bin/tributary run --config}
 *       reads (core's {@code Configuration}: every key checked, the same errors). The engine's keys apply
 *       ({@code addresses.*}, {@code defaults.*}, {@code address.NAME.*}, {@code limits.max-transactions},
 *       {@code limits.global-memory}, {@code store.*}), and {@code users.NAME=PASSWORD} with
 *       {@code sasl.allow-anonymous} decide who may connect ({@code VmLogins}); the keys only the network server
 *       reads (listener, TLS, connection limits, login delays) are accepted and ignored with one INFO line.</li>
 *   <li>{@code store=memory|h2|jdbc:...}: the store; without it the file's {@code store.url}, else memory.</li>
 *   <li>{@code dataDir=PATH}: where {@code store=h2} keeps its database (default {@code ./data}).</li>
 *   <li>{@code storeUser}, {@code storePassword}: the database login for a {@code jdbc:} store (win over the
 *       file's {@code store.user}, {@code store.password}; not used by the memory and H2 stores). Error messages
 *       show the URL with every {@code ...password} option masked ({@code UrlQuery.shown}).</li>
 *   <li>{@code stay=true}: keep the broker after its last connection closes.</li>
 * </ul>
 * The options apply when the URL starts the broker; later URLs to a running broker only add {@code stay}. Options
 * starting with {@code jms.} belong to the JMS layer ({@code ConnectionOptions}) and are ignored here; any other
 * option fails naming it. Immutable.
 *
 * @param url           the URL as given
 * @param name          the broker's name (the URL's authority)
 * @param store         the {@code store} option, or null when the URL has none
 * @param dataDir       the {@code dataDir} option, or null (then {@code ./data})
 * @param config        the {@code config} option, or null (no configuration file)
 * @param stay          the {@code stay} option
 * @param storeUser     the {@code storeUser} option, or null
 * @param storePassword the {@code storePassword} option, or null
 */
record VmUrl(String url, String name, String store, String dataDir, String config, boolean stay,
             String storeUser, String storePassword) {

    private static final Set<String> OPTIONS = Set.of("store", "dataDir", "config", "stay", "storeUser",
            "storePassword");

    static VmUrl parse(URI uri) throws JMSException {
        String url = uri.toString();
        String shown = UrlQuery.shown(url);
        String name = uri.getAuthority();
        if (name == null || name.isEmpty()) {
            name = uri.getSchemeSpecificPart();
            name = name.startsWith("//") ? name.substring(2) : name;
            int q = name.indexOf('?');
            name = q >= 0 ? name.substring(0, q) : name;
        }
        if (name.isEmpty() || !name.matches("[A-Za-z0-9._\\-]+")) {
            throw new JMSException("broker URL '" + shown + "': the broker name '" + name
                    + "' must be letters, digits, '.', '_' or '-', as in vm://broker1");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty()) {
            throw new JMSException("broker URL '" + shown + "': a vm URL has no path ('" + uri.getPath()
                    + "'); put options after '?', as in vm://broker1?store=h2");
        }
        Map<String, String> options = query(url, uri.getRawQuery());
        String store = options.get("store");
        if (store != null && !store.equals("memory") && !store.equals("h2") && !store.startsWith("jdbc:")) {
            throw new JMSException("broker URL '" + shown + "': store '" + store
                    + "' is not one of memory, h2 or a jdbc: URL");
        }
        String stay = options.getOrDefault("stay", "false");
        if (!stay.equals("true") && !stay.equals("false")) {
            throw new JMSException("broker URL '" + shown + "': stay='" + stay + "' must be true or false");
        }
        return new VmUrl(url, name, store, options.get("dataDir"), options.get("config"), Boolean.parseBoolean(stay),
                options.get("storeUser"), options.get("storePassword"));
    }

    private static Map<String, String> query(String url, String raw) throws JMSException {
        Map<String, String> out = UrlQuery.parse(url, raw);
        out.keySet().removeIf(k -> k.startsWith("jms."));
        for (String key : out.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new JMSException("broker URL '" + UrlQuery.shown(url) + "': unknown option '" + key
                        + "'; known are " + String.join(", ", new TreeSet<>(OPTIONS)) + " and jms.*");
            }
        }
        return out;
    }
}
