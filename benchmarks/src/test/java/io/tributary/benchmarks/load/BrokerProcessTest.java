package io.tributary.benchmarks.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parent side of the child-broker protocol, with real child JVMs. */
@Timeout(120)
class BrokerProcessTest {

    /** A child that cannot start, as a broker with a bad configuration would. */
    public static final class FailingBroker {
        public static void main(String[] args) {
            ChildBroker.fail("the test broker refuses to start; nothing to do",
                    new IllegalStateException("on purpose"));
        }
    }

    /** A child that exits without a word. */
    public static final class SilentBroker {
        public static void main(String[] args) {
            System.out.println("starting, then leaving");
            System.exit(3);
        }
    }

    @Test
    void aChildThatSaysItFailedGivesItsReasonInTheError() {
        LoadFailure e = assertThrows(LoadFailure.class,
                () -> BrokerProcess.start("failing", FailingBroker.class.getName(), List.of(), List.of(), 60));

        assertTrue(e.getMessage().contains("broker failing failed to start: the test broker refuses to start"),
                e.getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException on purpose"), e.getMessage());
    }

    @Test
    void aChildThatExitsBeforeItIsReadyGivesItsExitStatusAndLastOutput() {
        LoadFailure e = assertThrows(LoadFailure.class,
                () -> BrokerProcess.start("silent", SilentBroker.class.getName(), List.of(), List.of(), 60));

        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("starting, then leaving"), e.getMessage());
    }

    @Test
    void artemisRunsInItsOwnJvmListensOnLoopbackAndStopsWhenAsked() throws Exception {
        BrokerProcess broker = BrokerProcess.start("artemis", ArtemisReferenceBroker.class.getName(),
                List.of("-Xmx256m"), List.of("--no-datasync"), 90);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), broker.port())) {
            assertTrue(socket.isConnected());
            assertTrue(broker.cpuSeconds() > 0, "cpu " + broker.cpuSeconds());
        } finally {
            broker.close();
        }

        assertFalse(broker.isAlive());
    }

    /**
     * Artemis falls back from ASYNCIO to NIO, with only a warning, when its libaio binding does not load; the
     * reference must run the journal {@code artemis create} chose for this machine (ASYNCIO where libaio is
     * installed, else NIO), as the distribution's launcher would.
     */
    @Test
    void theReferenceArtemisRunsTheJournalArtemisCreateChose() throws Exception {
        LoadOptions.Target artemis = LoadOptions.parse("--brokers", "artemis").brokers().get(0);
        BrokerProcess broker = BrokerProcess.start("artemis", artemis.mainClass(),
                artemis.jvmArgs(List.of("-Xmx256m")), artemis.args(), 90);
        try {
            String output = broker.lastOutput();
            Matcher m = Pattern.compile("journal-type (\\w+).*journal in effect: (\\w+)").matcher(output);
            assertTrue(m.find(), output);
            assertEquals(m.group(1), m.group(2), output);
        } finally {
            broker.close();
        }
    }

    @Test
    void tributaryRunsInItsOwnJvmAndListensOnLoopback() throws Exception {
        BrokerProcess broker = BrokerProcess.start("tributary", TributaryBrokerProcess.class.getName(),
                List.of("-Xmx256m"), List.of(), 90);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), broker.port())) {
            assertTrue(socket.isConnected());
        } finally {
            broker.close();
        }

        assertFalse(broker.isAlive());
    }

    @Test
    void securedTributaryLetsOnlyTheLoadUserInAndAnswersTheScraper() throws Exception {
        LoadOptions.Target secured = LoadOptions.parse("--brokers", "tributary-secured").brokers().get(0);
        assertTrue(secured.logsIn());
        BrokerProcess broker = BrokerProcess.start(secured.label(), secured.mainClass(), List.of("-Xmx256m"),
                secured.args(), 90);
        try {
            assertTrue(broker.httpUrl() != null && broker.httpUrl().startsWith("http://127.0.0.1:"),
                    "management API announced: " + broker.httpUrl());
            JmsConnectionFactory anonymous = new JmsConnectionFactory(broker.amqpUrl());
            assertThrows(JMSSecurityException.class, () -> anonymous.createConnection().close());
            JmsConnectionFactory loggedIn = new JmsConnectionFactory(broker.amqpUrl());
            loggedIn.setUsername(TributaryBrokerProcess.USER);
            loggedIn.setPassword(TributaryBrokerProcess.PASSWORD);
            try (JMSContext context = loggedIn.createContext()) {
                context.createProducer().send(context.createQueue("load.check"), "hello");
                assertEquals("hello", context.createConsumer(context.createQueue("load.check"))
                        .receiveBody(String.class, 5000));
            }
            MetricsScraper scraper = MetricsScraper.start(secured.label(), broker.httpUrl(),
                    TributaryBrokerProcess.USER, TributaryBrokerProcess.PASSWORD);
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> scraper.scrapes() >= 2);
            } finally {
                scraper.close();
            }
            assertFalse(scraper.failed(), scraper.summary());
        } finally {
            broker.close();
        }
    }
}
