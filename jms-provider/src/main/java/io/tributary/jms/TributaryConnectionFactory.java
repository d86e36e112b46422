package io.tributary.jms;

import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderFactory;
import io.tributary.jms.provider.UrlQuery;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The entry point: a ConnectionFactory for a broker URL. {@code vm://NAME?options} is the in-process broker,
 * served by this provider; {@code amqp://}, {@code amqps://}, {@code amqpws://}, {@code amqpwss://} and
 * {@code failover:(...)} reach a remote broker through Qpid JMS, to which this factory then delegates
 * (connections and contexts are Qpid JMS's own), so one {@code jndi.properties} serves an embedded and a
 * remote broker.
 *
 * <p>Every property can come from the URL under the names Qpid JMS users know: {@code jms.clientID},
 * {@code jms.username}, {@code jms.password}, {@code jms.prefetchPolicy.all} (also {@code jms.prefetch}),
 * {@code .queuePrefetch}, {@code .topicPrefetch}, {@code .durableTopicPrefetch}, {@code .queueBrowserPrefetch},
 * {@code jms.closeTimeout} (milliseconds). Usable as a bean too: a user, password or client id set through a
 * setter wins over the URL's, and the arguments of {@code createConnection(user, password)} win over both. A
 * client id configured either way is administrative: {@code Connection.setClientID} then throws
 * IllegalStateException. An unknown option fails {@code createConnection} with a JMSException naming it.
 *
 * <p>Design note: remote URLs are handed to Qpid JMS as a delegating factory rather than as a Provider of the
 * SPI underneath this provider's API objects. Qpid JMS is a complete, well-tested client (failover, TLS, SASL,
 * its own message facades); fitting it under this provider's API objects would mean driving its internal
 * provider SPI and converting between two message models, a second client in all but name. Delegation keeps
 * Qpid JMS's behaviour exactly, and the one class that names Qpid JMS ({@code QpidJms}) is loaded only for a
 * remote URL, so Qpid JMS is an optional dependency.
 *
 * <p>Thread-safe for creating connections; setters are meant for configuration before use.
 */
public class TributaryConnectionFactory implements ConnectionFactory, QueueConnectionFactory,
        TopicConnectionFactory, Serializable {

    private static final long serialVersionUID = 1L;

    /** The URL used when none is set: an in-process broker named {@code tributary}. */
    public static final String DEFAULT_BROKER_URL = "vm://tributary";
    /** Messages a consumer buffers when the URL sets no prefetch. */
    public static final int DEFAULT_PREFETCH = ConnectionOptions.DEFAULT_PREFETCH;
    /** The URL schemes served by Qpid JMS. */
    static final List<String> REMOTE_SCHEMES = List.of("amqp://", "amqps://", "amqpws://", "amqpwss://",
            "failover:");

    private volatile String brokerURL = DEFAULT_BROKER_URL;
    private volatile String user;
    private volatile String password;
    private volatile String clientID;

    public TributaryConnectionFactory() {
    }

    public TributaryConnectionFactory(String brokerURL) {
        this.brokerURL = brokerURL;
    }

    public String getBrokerURL() {
        return brokerURL;
    }

    public void setBrokerURL(String brokerURL) {
        this.brokerURL = brokerURL;
    }

    /** The user set on this factory (not the URL's {@code jms.username}), or null. */
    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** The client id set on this factory (not the URL's {@code jms.clientID}), or null. */
    public String getClientID() {
        return clientID;
    }

    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    /** True for a URL that Qpid JMS serves. */
    static boolean remote(String url) {
        if (url == null) {
            return false;
        }
        String u = url.trim().toLowerCase(Locale.ROOT);
        return REMOTE_SCHEMES.stream().anyMatch(u::startsWith);
    }

    /** The Qpid JMS factory for a remote URL, with this factory's user, password and client id. */
    private ConnectionFactory remoteFactory(String url) throws JMSException {
        try {
            return QpidJms.factory(url, user, password, clientID);
        } catch (LinkageError e) {
            JMSException je = new JMSException("broker URL '" + UrlQuery.shown(url) + "' is served by Qpid JMS, "
                    + "which is not on the class path: add org.apache.qpid:qpid-jms-client 2.x (" + e + ")");
            je.initCause(e);
            throw je;
        }
    }

    /**
     * A vm:// connection. With {@code explicit}, the given user and password are used as they are
     * ({@code createConnection(user, password)}); otherwise the factory's, else the URL's.
     */
    TributaryConnection connect(String userName, String pass, boolean explicit) throws JMSException {
        String url = brokerURL;
        ConnectionOptions options = ConnectionOptions.parse(url);
        String u = explicit ? userName : user != null ? user : options.username();
        String p = explicit ? pass : password != null ? password : options.password();
        String id = clientID != null ? clientID : options.clientId();
        Provider provider = ProviderFactory.forUrl(url);
        try {
            return new TributaryConnection(provider, u, p, id, options.prefetch(),
                    options.closeTimeoutMillis());
        } catch (JMSException | RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    private Connection open(String userName, String pass, boolean explicit) throws JMSException {
        String url = brokerURL;
        if (remote(url)) {
            ConnectionFactory f = remoteFactory(url);
            return explicit ? f.createConnection(userName, pass) : f.createConnection();
        }
        return connect(userName, pass, explicit);
    }

    @Override
    public Connection createConnection() throws JMSException {
        return open(null, null, false);
    }

    @Override
    public Connection createConnection(String userName, String pass) throws JMSException {
        return open(userName, pass, true);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) open(null, null, false);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String pass) throws JMSException {
        return (QueueConnection) open(userName, pass, true);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) open(null, null, false);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String pass) throws JMSException {
        return (TopicConnection) open(userName, pass, true);
    }

    @Override
    public JMSContext createContext() {
        return context(null, null, false, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(null, null, false, sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String pass) {
        return context(userName, pass, true, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String pass, int sessionMode) {
        return context(userName, pass, true, sessionMode);
    }

    private JMSContext context(String userName, String pass, boolean explicit, int sessionMode) {
        String url = brokerURL;
        try {
            if (remote(url)) {
                ConnectionFactory f = remoteFactory(url);
                return explicit ? f.createContext(userName, pass, sessionMode) : f.createContext(sessionMode);
            }
            TributaryContext.checkSessionMode(sessionMode);
            return new TributaryContext(new TributaryContext.SharedConnection(connect(userName, pass, explicit)),
                    sessionMode);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public String toString() {
        return "TributaryConnectionFactory[" + UrlQuery.shown(brokerURL) + "]";
    }
}
