package io.tributary.tck.qpid;

import io.tributary.jms.conformance.TemporaryDestinationsConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The TemporaryDestinations conformance tests through Qpid JMS over AMQP 1.0. */
class QpidTemporaryDestinationsTest extends TemporaryDestinationsConformanceTest {
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
