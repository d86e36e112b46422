package io.tributary.tck.qpid;

import io.tributary.jms.conformance.ExceptionsConformanceTest;
import jakarta.jms.ConnectionFactory;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The Exceptions conformance tests through Qpid JMS over AMQP 1.0. */
class QpidExceptionsTest extends ExceptionsConformanceTest {
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

    /**
     * Qpid JMS 2.10 rejects a foreign Destination client-side with a plain JMSException, not
     * InvalidDestinationException
     */
    @Test
    @Disabled("Qpid JMS client behaviour, not the broker's: Qpid JMS 2.10 rejects a foreign Destination client-side"
            + " with a plain JMSException, not InvalidDestinationException")
    @Override
    protected void aDestinationThatIsNeitherQueueNorTopicIsAnInvalidDestination() {
    }
}
