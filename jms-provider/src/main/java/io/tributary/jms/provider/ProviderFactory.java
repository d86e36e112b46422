package io.tributary.jms.provider;

import jakarta.jms.JMSException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Makes a {@link Provider} for a URL scheme ({@code vm}). Implementations are found with
 * {@link ServiceLoader}. Remote URLs ({@code amqp://}, {@code amqps://}, {@code failover:}) do not come
 * here: {@code TributaryConnectionFactory} hands them to Qpid JMS.
 */
public interface ProviderFactory {

    /** The URL scheme this factory serves, lower case. */
    String scheme();

    /** A provider for this URL; it does not connect yet. */
    Provider create(URI uri) throws JMSException;

    /**
     * The provider for a broker URL, chosen by its scheme.
     *
     * @throws JMSException naming the URL and what is wrong with it
     */
    static Provider forUrl(String url) throws JMSException {
        if (url == null || url.isBlank()) {
            throw new JMSException("broker URL is empty; use for example vm://broker1 or amqp://host:5672");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            JMSException je = new JMSException("broker URL '" + UrlQuery.shown(url) + "' is not a valid URI: "
                    + UrlQuery.shown(e.getMessage()));
            je.initCause(e);
            throw je;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        StringBuilder known = new StringBuilder();
        for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class, ProviderFactory.class.getClassLoader())) {
            if (f.scheme().equals(scheme)) {
                return f.create(uri);
            }
            known.append(known.length() == 0 ? "" : ", ").append(f.scheme()).append("://");
        }
        throw new JMSException("broker URL '" + UrlQuery.shown(url) + "' has scheme '" + scheme + "' that no "
                + "provider serves; known schemes: " + known + " and, through Qpid JMS, amqp://, amqps://, "
                + "amqpws://, amqpwss://, failover:");
    }
}
