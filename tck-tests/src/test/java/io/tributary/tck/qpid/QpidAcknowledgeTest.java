package io.tributary.tck.qpid;

import io.tributary.jms.conformance.AcknowledgeConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Acknowledge conformance tests through Qpid JMS over AMQP 1.0. */
class QpidAcknowledgeTest extends AcknowledgeConformanceTest {
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
