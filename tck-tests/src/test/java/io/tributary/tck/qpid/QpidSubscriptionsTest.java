package io.tributary.tck.qpid;

import io.tributary.jms.conformance.SubscriptionsConformanceTest;
import jakarta.jms.ConnectionFactory;

/** The Subscriptions conformance tests through Qpid JMS over AMQP 1.0. */
class QpidSubscriptionsTest extends SubscriptionsConformanceTest {
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
