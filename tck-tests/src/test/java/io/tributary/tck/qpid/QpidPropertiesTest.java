package io.tributary.tck.qpid;

import io.tributary.jms.conformance.PropertiesConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Properties conformance tests through Qpid JMS over AMQP 1.0. */
class QpidPropertiesTest extends PropertiesConformanceTest {
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
