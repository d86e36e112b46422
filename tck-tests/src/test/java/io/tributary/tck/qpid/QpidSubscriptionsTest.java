package io.tributary.tck.qpid;

import io.tributary.jms.conformance.SubscriptionsConformanceTest;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

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

    /** Qpid JMS 2.10 checks the client id before the selector of a durable subscriber */
    @Test
    @Disabled("Qpid JMS client behaviour, not the broker's: Qpid JMS 2.10 checks the client id before the selector "
            + "of a durable subscriber")
    @Override
    protected void unsharedDurableSubscriptions_aBadSelectorIsReportedBeforeAMissingClientId() {
    }
}
