package io.tributary.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two brokers ({@code ha.mode=shared-store}) in JVMs of their own on one embedded PostgreSQL, with Qpid JMS
 * {@code failover:} clients: one is live, the other stands by with its port closed and takes over when the live one
 * dies, is paused past its lease or stops.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HighAvailabilityTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration TAKEOVER = Duration.ofSeconds(60);
    /** The transacted consumer's queue detects duplicates by message-id: Qpid JMS resends with the same id. */
    private static final String[] DUPLICATE_DETECTION = {"address." + FailoverTraffic.TX_QUEUE + ".kind=queue",
        "address." + FailoverTraffic.TX_QUEUE + ".duplicate-detection=message-id"};
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;
    private final List<HaBrokerProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (HaBrokerProcess n : nodes) {
            n.close();
            n.log().lines().filter(l -> l.contains("HA") || l.contains("----")).forEach(l -> System.out.println(
                    n.nodeId() + "| " + l));
        }
    }

    private static String newDatabase() throws SQLException {
        String name = "ha_" + DATABASES.incrementAndGet();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Nodes a (live) and b (standing by) on a new database, each on a port of its own. */
    private List<HaBrokerProcess> liveAndStandby(Duration lease) throws Exception {
        return liveAndStandby(lease, newDatabase());
    }

    /** Nodes a (live) and b (standing by) on the database at {@code url}, each on a port of its own. */
    private List<HaBrokerProcess> liveAndStandby(Duration lease, String url) throws Exception {
        HaBrokerProcess a = new HaBrokerProcess(dir, "a", freePort(), url, lease).configure(DUPLICATE_DETECTION);
        nodes.add(a);
        a.start().awaitServing(TAKEOVER);
        HaBrokerProcess b = new HaBrokerProcess(dir, "b", freePort(), url, lease).configure(DUPLICATE_DETECTION);
        nodes.add(b);
        b.start().awaitStandingBy(TAKEOVER);
        return List.of(a, b);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    /** Reconnects at once and forever, and notices a paused broker within three seconds. */
    static String failoverUrl(int... ports) {
        StringBuilder b = new StringBuilder("failover:(");
        for (int i = 0; i < ports.length; i++) {
            b.append(i == 0 ? "" : ",").append("amqp://127.0.0.1:").append(ports[i]);
        }
        return b.append(")?failover.initialReconnectDelay=0&failover.reconnectDelay=100")
                .append("&failover.useReconnectBackOff=false&failover.maxReconnectAttempts=-1")
                .append("&failover.nested.amqp.idleTimeout=3000").toString();
    }

    @Test
    void startStopsWithAClearErrorWhenHighAvailabilityIsOnWithoutASharedStoreOrANodeId() throws Exception {
        Path h2 = Files.writeString(dir.resolve("h2.properties"), "ha.mode=shared-store\nha.node-id=a\n");
        BrokerException e = assertThrows(BrokerException.class, () -> Main.start("run", "--amqp-port", "0",
                "--config", h2.toString(), "--data-dir", dir.resolve("data").toString()));
        assertTrue(e.getMessage().startsWith("ha.mode=shared-store needs a store that several brokers share: set"
                + " store.url (or --store) to a PostgreSQL database"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the default H2 store belongs to one process"), e.getMessage());
        Path noId = Files.writeString(dir.resolve("noid.properties"), "ha.mode=shared-store\n");
        e = assertThrows(BrokerException.class, () -> Main.start("run", "--amqp-port", "0", "--config",
                noId.toString(), "--store", "jdbc:postgresql://127.0.0.1:1/none"));
        assertTrue(e.getMessage().startsWith("ha.mode=shared-store needs ha.node-id"), e.getMessage());
    }

    @Test
    void theLiveNodeTellsClientsItsStandbySoThatTheyFailOverToANodeTheyWereNotGiven() throws Exception {
        List<HaBrokerProcess> pair = liveAndStandby(LEASE);
        HaBrokerProcess a = pair.get(0);
        HaBrokerProcess b = pair.get(1);
        int portA = a.port();
        int portB = b.port();
        Awaitility.await("a tells its clients about b").atMost(TAKEOVER)
                .until(() -> a.log().contains("tells its clients the peers [amqp://127.0.0.1:" + portB + "]"));
        try (Connection c = new JmsConnectionFactory(failoverUrl(portA)).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("ha.learned"));
            p.send(s.createTextMessage("to a"));
            a.kill();
            b.awaitServing(TAKEOVER);
            p.send(s.createTextMessage("to b"));
            var consumer = s.createConsumer(s.createQueue("ha.learned"));
            assertEquals("to a", ((TextMessage) consumer.receive(30_000)).getText());
            assertEquals("to b", ((TextMessage) consumer.receive(30_000)).getText());
        }
    }

    @Test
    void aCleanStopGivesTheLeaseUpSoThatTheStandbyTakesOverBeforeItWouldExpire() throws Exception {
        Duration longLease = Duration.ofSeconds(60);
        List<HaBrokerProcess> pair = liveAndStandby(longLease);
        HaBrokerProcess a = pair.get(0);
        HaBrokerProcess b = pair.get(1);
        a.stop();
        b.awaitServing(longLease.dividedBy(6));
        assertTrue(a.log().contains("gave up its lease"), a.log());
    }

    /**
     * Every confirmed message is received, in order per producer; with duplicate detection by message-id on the
     * transacted consumer's queue, no message comes again to the transacted consumer once a commit that held it
     * returned normally; a paused live node commits nothing after the standby took over.
     */
    @Test
    void everyConfirmedMessageIsDeliveredInOrderAcrossKillsAndAPausedLiveNodeCommitsNothing() throws Exception {
        List<HaBrokerProcess> pair = liveAndStandby(LEASE);
        HaBrokerProcess live = pair.get(0);
        HaBrokerProcess standby = pair.get(1);
        try (FailoverTraffic traffic = FailoverTraffic.start(failoverUrl(live.port(), standby.port()))) {
            traffic.awaitProgress(200, TAKEOVER);
            for (int round = 0; round < 2; round++) {
                live.kill();
                standby.awaitServing(TAKEOVER);
                live.start().awaitStandingBy(TAKEOVER);
                traffic.awaitProgress(200, TAKEOVER);
                HaBrokerProcess t = live;
                live = standby;
                standby = t;
            }
            live.pause();
            standby.awaitServing(TAKEOVER);
            traffic.awaitProgress(200, TAKEOVER);
            live.resume();
            assertEquals(Main.LEASE_LOST, live.awaitExit(TAKEOVER), live.currentLog());
            assertTrue(live.currentLog().contains("tributary: HA node " + live.nodeId() + " lost its lease on the"
                    + " store"), live.currentLog());
            assertTrue(live.currentLog().contains("is no longer live"), live.currentLog());
            live.start().awaitStandingBy(TAKEOVER);
            traffic.awaitProgress(200, TAKEOVER);
            System.out.println("HA failover test: " + traffic.stopAndVerify(TAKEOVER));
        }
    }

    /**
     * The database goes away for longer than the lease while clients send and receive: the live node confirms
     * nothing it could not commit and exits; once the database is back the standby takes over, and every confirmed
     * message is received, in order, none again after a commit that held it returned.
     */
    @Test
    void afterTheDatabaseWasAwayLongerThanTheLeaseOneNodeIsLiveAndNothingConfirmedIsLost() throws Exception {
        try (DatabaseProxy database = DatabaseProxy.to(postgres.getPort())) {
            String url = newDatabase().replace(":" + postgres.getPort() + "/", ":" + database.port() + "/");
            List<HaBrokerProcess> pair = liveAndStandby(LEASE, url);
            HaBrokerProcess live = pair.get(0);
            HaBrokerProcess standby = pair.get(1);
            try (FailoverTraffic traffic = FailoverTraffic.start(failoverUrl(live.port(), standby.port()))) {
                traffic.awaitProgress(200, TAKEOVER);
                database.cut();
                assertEquals(Main.LEASE_LOST, live.awaitExit(TAKEOVER), live.currentLog());
                assertTrue(live.currentLog().contains("renewing failed for longer than the lease")
                        || live.currentLog().contains("expired or another node took it over"), live.currentLog());
                int confirmed = traffic.confirmed();
                Awaitility.await("b fails to reach the database three times").atMost(TAKEOVER)
                        .until(() -> occurrences(standby.currentLog(), "cannot reach the database") >= 3);
                assertTrue(standby.standingBy(), standby.currentLog());
                assertEquals(confirmed, traffic.confirmed(), "a send was confirmed while no node could commit");
                database.restore();
                standby.awaitServing(TAKEOVER);
                live.start().awaitStandingBy(TAKEOVER);
                traffic.awaitProgress(200, TAKEOVER);
                System.out.println("HA database outage test: " + traffic.stopAndVerify(TAKEOVER));
            }
        }
    }
}
