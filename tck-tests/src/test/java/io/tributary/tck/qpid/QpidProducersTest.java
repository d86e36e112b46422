package io.tributary.tck.qpid;

import io.tributary.jms.conformance.ProducersConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Producers conformance tests through Qpid JMS over AMQP 1.0. */
class QpidProducersTest extends ProducersConformanceTest {
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
