package io.tributary.broker.cli;

import static io.tributary.broker.cli.CliTestBroker.cli;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.HttpSettings;
import io.tributary.broker.http.ManagementServer;
import io.tributary.core.security.Credentials;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/tributary}'s commands run in-process against a real broker over real sockets. */
class CliTest extends CliBrokerTest {

    @TempDir
    Path dir;

    @Test
    void queueListAndStatPrintTablesForPeopleAndTheApisJsonForScripts() throws Exception {
        b.send("orders", 3, "red");
        String table = b.api("queue", "list").expect(0).out();
        String header = table.lines().findFirst().orElseThrow();
        assertTrue(header.matches("name +address +depth +inFlight.*"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("orders +orders +3 +0 .*")), table);
        JsonNode json = b.api("queue", "list", "--json").expect(0).json();
        assertEquals("orders", json.get(0).path("name").asText());
        assertEquals(3, json.get(0).path("depth").asLong());

        String stat = b.api("queue", "stat", "orders").expect(0).out();
        assertTrue(stat.lines().anyMatch(l -> l.matches("depth: +3")), stat);
        assertTrue(stat.lines().anyMatch(l -> l.matches("enqueued: +3")), stat);
        assertEquals(3, b.depth("orders"));
    }

    @Test
    void queueDeleteIsRefusedWithMessagesUnlessForced() throws Exception {
        b.send("orders", 2, "red");
        CliTestBroker.Run refused = b.api("queue", "delete", "orders").expect(CliException.FAILED);
        assertTrue(refused.err().startsWith("tributary: address 'orders' has 0 consumer(s) and 2 message(s)"),
                refused.err());
        assertEquals(2, b.depth("orders"), "a refused delete changes nothing");
        assertEquals("deleted queue orders\n", b.api("queue", "delete", "orders", "--force").expect(0).out());
        CliTestBroker.Run gone = b.api("queue", "stat", "orders").expect(CliException.NOT_FOUND);
        assertTrue(gone.err().contains("queue 'orders' does not exist"), gone.err());
    }

    @Test
    void messageBrowseTakesASelectorAndALimitAndMoveMovesOne() throws Exception {
        b.send("orders", 3, "red");
        b.send("orders", 2, "blue");
        CliTestBroker.Run blue = b.api("message", "browse", "orders", "--selector", "color = 'blue'").expect(0);
        assertEquals(3, blue.out().lines().count(), "a header and two messages:\n" + blue.out());
        assertTrue(blue.out().lines().skip(1).allMatch(l -> l.contains("color=blue")), blue.out());
        JsonNode two = b.api("message", "browse", "orders", "--limit", "2", "--json").expect(0).json();
        assertEquals(2, two.size());
        assertEquals("red", two.get(0).path("applicationProperties").path("color").asText());

        long id = b.api("message", "browse", "orders", "--selector", "color = 'blue'", "--json").expect(0).json()
                .get(0).path("id").asLong();
        assertEquals("moved message " + id + " from orders to archive\n",
                b.api("message", "move", "orders", Long.toString(id), "--to", "archive").expect(0).out());
        assertEquals(4, b.depth("orders"));
        assertEquals(1, b.depth("archive"));
        CliTestBroker.Run again = b.api("message", "move", "orders", Long.toString(id), "--to", "archive");
        again.expect(CliException.NOT_FOUND);
        assertTrue(b.api("message", "browse", "orders", "--selector", "color = 'green'").expect(0).out()
                .contains("no messages"));
        CliTestBroker.Run badSelector = b.api("message", "browse", "orders", "--selector", "color =");
        assertTrue(badSelector.expect(CliException.FAILED).err().startsWith("tributary: "), badSelector.err());
    }

    @Test
    void messageRetrySendsTheDeadLettersOfAQueueBack() throws Exception {
        assertEquals(201, b.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 1}}"));
        b.send("orders", 1, "red");
        try (Session s = b.jms.createSession(true, Session.SESSION_TRANSACTED)) {
            assertNotNull(s.createConsumer(s.createQueue("orders")).receive(5000));
            s.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.api("queue", "stat", "DLQ.orders").status() == 0
                && b.depth("DLQ.orders") == 1);
        assertEquals("retried 1 message(s) from DLQ.orders to their original address\n",
                b.api("message", "retry", "DLQ.orders").expect(0).out());
        assertEquals(0, b.depth("DLQ.orders"));
        assertEquals(1, b.depth("orders"));
        assertEquals(0, b.api("message", "retry", "DLQ.orders", "--json").expect(0).json().path("retried").asLong());
    }

    @Test
    void connectionListShowsWhoIsConnectedAndCloseClosesOne() throws Exception {
        AtomicReference<Exception> lost = new AtomicReference<>();
        try (Connection other = new JmsConnectionFactory(b.amqpUrl()).createConnection()) {
            other.setExceptionListener(lost::set);
            other.start();
            String table = b.api("connection", "list").expect(0).out();
            assertEquals(3, table.lines().count(), "a header and two connections:\n" + table);
            assertTrue(table.lines().skip(1).allMatch(l -> l.contains("127.0.0.1")), table);
            JsonNode listed = b.api("connection", "list", "--json").expect(0).json();
            String id = listed.get(1).path("id").asText();
            assertEquals("closed connection " + id + "\n", b.api("connection", "close", id).expect(0).out());
            await().atMost(Duration.ofSeconds(10)).until(() -> lost.get() != null);
            assertTrue(b.api("connection", "close", id).expect(CliException.NOT_FOUND).err().startsWith("tributary:"));
        }
    }

    @Test
    void userAddWritesAVerifierAndNamesABadName() throws Exception {
        Path config = dir.resolve("users.properties");
        CliTestBroker.Run added = cli(Map.of(), "user", "add", "bob", "--config", config.toString(), "--password",
                "builder").expect(0);
        assertTrue(added.out().startsWith("user bob written to " + config), added.out());
        assertTrue(Files.readString(config).startsWith("users.bob=SCRAM-SHA-256$"), Files.readString(config));
        CliTestBroker.Run bad = cli(Map.of(), "user", "add", "bob smith", "--config", config.toString(),
                "--password", "x").expect(CliException.USAGE);
        assertTrue(bad.err().contains("user name 'bob smith' is invalid"), bad.err());
        CliTestBroker.Run noFile = cli(Map.of(), "user", "add", "bob").expect(CliException.USAGE);
        assertTrue(noFile.err().contains("--config"), noFile.err());
    }

    @Test
    void aWrongPasswordIsRefusedAndThePasswordMayComeFromTheEnvironment() throws Exception {
        try (ManagementServer guarded = ManagementServer.start(b.broker, new HttpSettings("127.0.0.1", 0, 1024), null,
                b.metrics, Credentials.derive(Map.of("alice", "wonderland")))) {
            String url = guarded.url();
            CliTestBroker.Run anonymous = cli(Map.of(), "queue", "list", "--url", url).expect(CliException.REFUSED);
            assertTrue(anonymous.err().contains("--user and --password"), anonymous.err());
            CliTestBroker.Run wrong = cli(Map.of(), "queue", "list", "--url", url, "--user", "alice", "--password",
                    "rabbit").expect(CliException.REFUSED);
            assertTrue(wrong.err().startsWith("tributary: the management API needs the user name and password"),
                    wrong.err());
            cli(Map.of(), "queue", "list", "--url", url, "--user", "alice", "--password", "wonderland").expect(0);
            cli(Map.of("TRIBUTARY_PASSWORD", "wonderland"), "queue", "list", "--url", url, "--user", "alice")
                    .expect(0);
            cli(Map.of("TRIBUTARY_USER", "alice", "TRIBUTARY_PASSWORD", "wonderland"), "queue", "list", "--url", url)
                    .expect(0);
            CliTestBroker.Run noPassword = cli(Map.of(), "queue", "list", "--url", url, "--user", "alice");
            assertTrue(noPassword.expect(CliException.USAGE).err().contains("TRIBUTARY_PASSWORD"), noPassword.err());
        }
    }

    @Test
    void noBrokerAtTheUrlSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        CliTestBroker.Run none = cli(Map.of(), "queue", "list", "--url", url).expect(CliException.UNREACHABLE);
        assertTrue(none.err().contains("is the broker running at " + url + "?"), none.err());
        CliTestBroker.Run perf = cli(Map.of(), "perf", "producer", "--url", "amqp://127.0.0.1:" + port, "--count", "1")
                .expect(CliException.UNREACHABLE);
        assertTrue(perf.err().contains("is the broker running at amqp://127.0.0.1:" + port + "?"), perf.err());
    }

    @Test
    void badArgumentsAreUsageErrorsNamingWhatIsWrong() {
        assertUsage("Missing required parameter: 'NAME'", "queue", "stat");
        assertUsage("frobnicate", "queue", "frobnicate");
        assertUsage("'many'", "message", "browse", "orders", "--limit", "many");
        assertUsage("'abc'", "message", "get", "orders", "abc");
        assertUsage("--to", "message", "move", "orders", "1");
        assertUsage("--url 'ftp://x' is not an http:// or https:// URL", "queue", "list", "--url", "ftp://x");
        assertUsage("mutually exclusive", "stream", "reset", "s", "g", "--to-first", "--to-last");
        assertUsage("--to-first", "stream", "reset", "s", "g");
        assertUsage("--timestamp 'yesterday' is not an ISO-8601 time", "stream", "reset", "s", "g", "--timestamp",
                "yesterday");
        assertUsage("--duration 'soon'", "perf", "consumer", "--duration", "soon");
        assertUsage("--amqp-port 'http' is not a port number", "run", "--amqp-port", "http");
        assertUsage("Missing required subcommand", "queue");
    }

    private static void assertUsage(String expected, String... args) {
        CliTestBroker.Run r = cli(Map.of(), args).expect(CliException.USAGE);
        assertTrue(r.err().startsWith("tributary: ") && r.err().contains(expected), String.join(" ", args) + ":\n"
                + r.err());
    }

    @Test
    void perfProducerAndConsumerReportRateAndLatencyEachSecondAndASummary() throws Exception {
        AtomicReference<CliTestBroker.Run> consumer = new AtomicReference<>();
        Thread consuming = new Thread(() -> consumer.set(cli(Map.of(), "perf", "consumer", "--url", b.amqpUrl(),
                "--address", "perf.q", "--count", "300", "--duration", "40s", "--json")));
        consuming.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.api("queue", "stat", "perf.q", "--json").status() == 0
                && b.api("queue", "stat", "perf.q", "--json").json().path("consumers").asLong() == 1);
        CliTestBroker.Run producer = cli(Map.of(), "perf", "producer", "--url", b.amqpUrl(), "--address", "perf.q",
                "--count", "300", "--rate", "200", "--size", "100", "--persistent", "--threads", "2", "--tx", "10")
                .expect(0);
        assertTrue(producer.out().lines().anyMatch(l -> l.matches("producer +1 s: +[0-9,]+ msg/s  send latency p50 "
                + "[0-9.]+ ms  p99 [0-9.]+ ms  max [0-9.]+ ms  \\([0-9,]+ in all\\)")), producer.out());
        assertTrue(producer.out().contains("producer summary: 300 messages in "), producer.out());
        assertTrue(producer.out().contains("send latency: p50 "), producer.out());
        consuming.join(30_000);
        JsonNode summary = consumer.get().expect(0).json();
        assertEquals("consumer", summary.path("role").asText());
        assertEquals(300, summary.path("messages").asLong());
        assertEquals(300, summary.path("latencyMillis").path("count").asLong());
        assertTrue(summary.path("latencyMillis").path("p99").asDouble() >= summary.path("latencyMillis").path("p50")
                .asDouble(), summary.toString());
        assertTrue(consumer.get().err().contains("consumer    1 s: "), consumer.get().err());
        assertEquals(0, b.depth("perf.q"));
    }

    @Test
    void helpListsTheCommands() {
        CliTestBroker.Run help = cli(Map.of(), "--help").expect(0);
        for (String command : new String[] {"run", "user", "queue", "message", "stream", "connection", "perf"}) {
            assertTrue(help.out().contains("\n  " + command + " "), help.out());
        }
        assertTrue(cli(Map.of(), "queue", "purge", "--help").expect(0).out().contains("--json"));
    }
}
