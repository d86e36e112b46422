package io.tributary.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner's bookkeeping against a real broker (Artemis in-VM), bounded by message count, not by time. */
@Timeout(60)
class WorkloadRunnerTest {

    private static final RunLimits FIVE_HUNDRED = new RunLimits(Duration.ofSeconds(30), 500, 100,
            Duration.ofSeconds(10));

    private static ArtemisReferenceBroker broker;
    private static ConnectionFactory factory;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ArtemisReferenceBroker.start("vm://0", 0, false);
        factory = new ActiveMQConnectionFactory("vm://0");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyMessageSentOnAQueueIsReceivedOnceAndTimed() {
        WorkloadSpec spec = new WorkloadSpec("queue", 2, 1, false, false, false, 0);

        WorkloadResult result = new WorkloadRunner(factory, spec, FIVE_HUNDRED, () -> 1.0).run("test.queue");

        assertNull(result.error());
        assertEquals(500, result.sent());
        assertEquals(500, result.received());
        assertEquals(500, result.latencyMicros().getTotalCount());
        assertTrue(result.deliveriesPerSecond() > 0);
        assertEquals(0.0, result.brokerCpuSeconds());
    }

    @Test
    void everySubscriberOfATopicGetsEveryMessage() {
        WorkloadSpec spec = new WorkloadSpec("fan-out", 1, 4, true, false, false, 0);

        WorkloadResult result = new WorkloadRunner(factory, spec, FIVE_HUNDRED, () -> Double.NaN).run("test.topic");

        assertNull(result.error());
        assertEquals(500, result.sent());
        assertEquals(2000, result.received());
        assertEquals(0, result.lost());
    }

    @Test
    void asyncSendsAreCountedWhenTheBrokerConfirmsThem() {
        WorkloadSpec spec = new WorkloadSpec("async", 1, 1, false, true, true, 1000);
        RunLimits limits = new RunLimits(Duration.ofSeconds(30), 200, 100, Duration.ofSeconds(10));

        WorkloadResult result = new WorkloadRunner(factory, spec, limits, () -> Double.NaN).run("test.async");

        assertNull(result.error());
        assertEquals(200, result.sent());
        assertEquals(200, result.received());
    }

    @Test
    void aBrokerThatIsNotThereGivesAFailedResultNotAnException() {
        WorkloadSpec spec = new WorkloadSpec("nowhere", 1, 1, false, false, false, 0);
        ConnectionFactory nowhere = new ActiveMQConnectionFactory("vm://77");

        WorkloadResult result = new WorkloadRunner(nowhere, spec, FIVE_HUNDRED, () -> Double.NaN).run("test.none");

        assertTrue(result.failed());
        assertTrue(result.error().startsWith("setting up the clients failed"), result.error());
        assertEquals(0, result.received());
    }
}
