package io.tributary.tck.qpid;

import io.tributary.jms.conformance.HeadersConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Headers conformance tests through Qpid JMS over AMQP 1.0. */
class QpidHeadersTest extends HeadersConformanceTest {
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
