package io.tributary.tck.qpid;

import io.tributary.jms.conformance.ConnectionsConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Connections conformance tests through Qpid JMS over AMQP 1.0. */
class QpidConnectionsTest extends ConnectionsConformanceTest {
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
