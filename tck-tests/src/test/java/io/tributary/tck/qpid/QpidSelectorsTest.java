package io.tributary.tck.qpid;

import io.tributary.jms.conformance.SelectorsConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Selectors conformance tests through Qpid JMS over AMQP 1.0. */
class QpidSelectorsTest extends SelectorsConformanceTest {
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
