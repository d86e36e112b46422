package io.tributary.tck.qpid;

import io.tributary.jms.conformance.TransactionsConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Transactions conformance tests through Qpid JMS over AMQP 1.0. */
class QpidTransactionsTest extends TransactionsConformanceTest {
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
