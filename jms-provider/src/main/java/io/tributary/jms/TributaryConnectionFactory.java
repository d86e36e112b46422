package io.tributary.jms;

import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.Serializable;
import java.net.URI;

/**
 * The entry point: a ConnectionFactory for a broker URL ({@code vm://NAME?options}; later
 * {@code amqp://host:port} and {@code failover:(...)}). Usable as a bean: set the URL, user, password
 * and client id, then create connections or contexts. The URL option {@code jms.prefetch=N} sets how
 * many messages each consumer buffers (default 100).
 *
 * <p>Thread-safe for creating connections; setters are meant for configuration before use.
 */
public class TributaryConnectionFactory implements ConnectionFactory, QueueConnectionFactory,
        TopicConnectionFactory, Serializable {

    private static final long serialVersionUID = 1L;

    /** The URL used when none is set: an in-process broker named {@code tributary}. */
    public static final String DEFAULT_BROKER_URL = "vm://tributary";
    /** Messages a consumer buffers when the URL sets no {@code jms.prefetch}. */
    public static final int DEFAULT_PREFETCH = 100;

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

    public String getClientID() {
        return clientID;
    }

    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    TributaryConnection connect(String userName, String pass) throws JMSException {
        String url = brokerURL;
        int prefetch = prefetch(url);
        Provider provider = ProviderFactory.forUrl(url);
        try {
            return new TributaryConnection(provider, userName, pass, clientID, prefetch);
        } catch (JMSException | RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    private static int prefetch(String url) throws JMSException {
        String query;
        try {
            query = url == null ? null : new URI(url.trim()).getRawQuery();
        } catch (java.net.URISyntaxException e) {
            return DEFAULT_PREFETCH;
        }
        if (query == null) {
            return DEFAULT_PREFETCH;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("jms.prefetch=")) {
                String v = pair.substring("jms.prefetch=".length());
                try {
                    int n = Integer.parseInt(v);
                    if (n >= 1) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new JMSException("broker URL '" + url + "': jms.prefetch='" + v + "' must be an integer >= 1");
            }
        }
        return DEFAULT_PREFETCH;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return connect(user, password);
    }

    @Override
    public Connection createConnection(String userName, String pass) throws JMSException {
        return connect(userName, pass);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return connect(user, password);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String pass) throws JMSException {
        return connect(userName, pass);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return connect(user, password);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String pass) throws JMSException {
        return connect(userName, pass);
    }

    @Override
    public JMSContext createContext() {
        return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(user, password, sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String pass) {
        return createContext(userName, pass, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String pass, int sessionMode) {
        TributaryContext.checkSessionMode(sessionMode);
        try {
            return new TributaryContext(new TributaryContext.SharedConnection(connect(userName, pass)), sessionMode);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public String toString() {
        return "TributaryConnectionFactory[" + brokerURL + "]";
    }
}
