package io.tributary.tck.qpid;

import io.tributary.jms.conformance.MessageTypesConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The MessageTypes conformance tests through Qpid JMS over AMQP 1.0. */
class QpidMessageTypesTest extends MessageTypesConformanceTest {
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
