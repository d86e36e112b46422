package io.tributary.jms;

import io.tributary.jms.provider.UrlQuery;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Remote broker URLs (the schemes of {@link TributaryConnectionFactory#REMOTE_SCHEMES}) are served by Qpid
 * JMS, a complete AMQP 1.0 JMS client: this is the one class that names a Qpid JMS type, and only
 * {@link TributaryConnectionFactory} calls it, for a remote URL, so an application that uses only
 * {@code vm://} never loads it. Options pass through
 * under Qpid JMS's own names ({@code jms.clientID}, {@code amqp.idleTimeout},
 * {@code failover.maxReconnectAttempts}, ...); the one Tributary name, {@code jms.prefetch}, becomes
 * {@code jms.prefetchPolicy.all}.
 *
 * <p>Stateless; thread-safe.
 */
final class QpidJms {

    /** {@code jms.prefetch=} as an option name of the URL (not inside another name). */
    private static final Pattern PREFETCH = Pattern.compile("([?&])" + Pattern.quote(ConnectionOptions.PREFETCH)
            + "=");

    private QpidJms() {
    }

    /**
     * A Qpid JMS factory for {@code url}; the user, password and client id given here (when not null) win
     * over the URL's.
     *
     * @throws JMSException naming the URL when Qpid JMS refuses it (an unknown or malformed option)
     */
    static ConnectionFactory factory(String url, String user, String password, String clientId)
            throws JMSException {
        JmsConnectionFactory f;
        try {
            f = new JmsConnectionFactory(translate(url.trim()));
        } catch (IllegalArgumentException e) {
            JMSException je = new JMSException("broker URL '" + UrlQuery.shown(url) + "' is refused by Qpid JMS: "
                    + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            je.initCause(e);
            throw je;
        }
        if (user != null) {
            f.setUsername(user);
        }
        if (password != null) {
            f.setPassword(password);
        }
        if (clientId != null) {
            f.setClientID(clientId);
        }
        return f;
    }

    /** The URL with Tributary's {@code jms.prefetch} under Qpid JMS's name. */
    static String translate(String url) {
        Matcher m = PREFETCH.matcher(url);
        return m.replaceAll("$1" + Matcher.quoteReplacement(ConnectionOptions.PREFETCH_ALL) + "=");
    }
}
