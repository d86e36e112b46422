package io.tributary.tck.qpid;

import io.tributary.jms.conformance.ConsumersConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Consumers conformance tests through Qpid JMS over AMQP 1.0. */
class QpidConsumersTest extends ConsumersConformanceTest {
    private QpidOverAmqp broker;

    @Override
    protected ConnectionFactory createConnectionFactory() {
        broker = new QpidOverAmqp();
        return broker.factory();
    }

    @Override
    protected void shutdown() {
        broker.close();
    }
}
