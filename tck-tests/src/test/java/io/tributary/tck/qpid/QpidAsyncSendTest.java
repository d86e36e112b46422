package io.tributary.tck.qpid;

import io.tributary.jms.conformance.AsyncSendConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The AsyncSend conformance tests through Qpid JMS over AMQP 1.0. */
class QpidAsyncSendTest extends AsyncSendConformanceTest {
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
