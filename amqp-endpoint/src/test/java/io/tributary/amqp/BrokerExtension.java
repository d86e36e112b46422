package io.tributary.amqp;

import io.tributary.core.BrokerConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.util.function.UnaryOperator;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one {@link TestBroker} for a test class and stops it after: register it as a static field with
 * {@code @RegisterExtension}.
 */
final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<BrokerConfig.Builder> engine;
    private final UnaryOperator<AmqpServerConfig.Builder> amqp;
    private TestBroker broker;

    BrokerExtension() {
        this(e -> e, a -> a);
    }

    BrokerExtension(UnaryOperator<BrokerConfig.Builder> engine, UnaryOperator<AmqpServerConfig.Builder> amqp) {
        this.engine = engine;
        this.amqp = amqp;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = TestBroker.start(engine, amqp);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        broker.close();
    }

    AmqpServer server() {
        return broker.server;
    }

    String uri(String options) {
        return broker.uri(options);
    }

    JmsConnectionFactory factory() {
        return broker.factory();
    }

    Connection connect() throws JMSException {
        return broker.connect();
    }

    Connection connect(String clientId) throws JMSException {
        return broker.connect(clientId);
    }
}
