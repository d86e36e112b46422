package io.tributary.amqp;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.util.function.UnaryOperator;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A core engine with an AMQP server on 127.0.0.1 and an ephemeral port, for tests that talk to it with the Qpid JMS
 * client over real sockets.
 */
final class TestBroker implements AutoCloseable {

    final Broker broker;
    final AmqpServer server;

    private TestBroker(Broker broker, AmqpServer server) {
        this.broker = broker;
        this.server = server;
    }

    static TestBroker start() {
        return start(b -> b, b -> b);
    }

    static TestBroker start(UnaryOperator<BrokerConfig.Builder> engine, UnaryOperator<AmqpServerConfig.Builder> amqp) {
        Broker broker = newBroker(engine.apply(BrokerConfig.builder()).build());
        try {
            AmqpServer server = AmqpServer.start(broker, amqp.apply(AmqpServerConfig.builder().port(0)).build());
            return new TestBroker(broker, server);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static Broker newBroker(BrokerConfig config) {
        return Broker.start(config);
    }

    /** The connection URI, with {@code options} (query string without '?') appended. */
    String uri(String options) {
        String base = server.scheme() + "://127.0.0.1:" + server.port();
        return options == null || options.isEmpty() ? base : base + "?" + options;
    }

    JmsConnectionFactory factory() {
        return new JmsConnectionFactory(uri(null));
    }

    /** A started connection. */
    Connection connect() throws JMSException {
        Connection c = factory().createConnection();
        c.start();
        return c;
    }

    /** A started connection with a client id (needed for durable subscriptions). */
    Connection connect(String clientId) throws JMSException {
        Connection c = factory().createConnection();
        c.setClientID(clientId);
        c.start();
        return c;
    }

    @Override
    public void close() {
        server.close();
        broker.close();
    }
}
