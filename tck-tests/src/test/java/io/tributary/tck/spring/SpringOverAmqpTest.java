package io.tributary.tck.spring;

import io.tributary.amqp.AmqpServer;
import io.tributary.amqp.AmqpServerConfig;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;

/** The Spring JMS scenarios over amqp:// to a Tributary server (Qpid JMS underneath TributaryConnectionFactory). */
class SpringOverAmqpTest extends SpringJmsScenarios {

    private Broker broker;
    private AmqpServer server;

    @Override
    protected ConnectionFactory connectionFactory() {
        if (server == null) {
            broker = Broker.start(BrokerConfig.builder()
                    .defaults(AddressSettings.DEFAULTS.withMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)).build());
            server = AmqpServer.start(broker, AmqpServerConfig.builder().host("127.0.0.1").port(0).build());
        }
        return new TributaryConnectionFactory("amqp://127.0.0.1:" + server.port());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
            broker.close();
        }
    }
}
