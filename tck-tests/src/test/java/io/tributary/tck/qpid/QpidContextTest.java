package io.tributary.tck.qpid;

import io.tributary.jms.conformance.ContextConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Context conformance tests through Qpid JMS over AMQP 1.0. */
class QpidContextTest extends ContextConformanceTest {
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
