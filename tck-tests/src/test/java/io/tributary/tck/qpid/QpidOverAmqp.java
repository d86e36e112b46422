package io.tributary.tck.qpid;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import jakarta.jms.ConnectionFactory;
import io.tributary.jms.TributaryConnectionFactory;

/**
 * One client configuration of the compatibility suite: the third-party Qpid JMS client talking AMQP 1.0
 * over a real loopback socket to a Tributary engine with its AMQP endpoint, reached as applications reach it:
 * through {@code TributaryConnectionFactory} with an {@code amqp://} URL, which hands it to Qpid JMS (Qpid JMS's
 * own factory and JNDI are used directly by {@code QpidAdministrationTest}). Each test class gets its own
 * broker on an ephemeral port, stopped after the class.
 *
 * <p>Not thread-safe; one per test class.
 */
final class QpidOverAmqp implements AutoCloseable {

    private final Broker broker;
    private final AmqpServer server;

    QpidOverAmqp() {
        broker = Broker.start(BrokerConfig.builder().build());
        try {
            server = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** A factory for this broker: TributaryConnectionFactory with the amqp:// URL, so Qpid JMS underneath. */
    ConnectionFactory factory() {
        return new TributaryConnectionFactory(url());
    }

    /** The broker's AMQP URL. */
    String url() {
        return "amqp://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        broker.close();
    }
}
