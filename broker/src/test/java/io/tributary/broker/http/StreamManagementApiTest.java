package io.tributary.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topics and streams in the management API, over real sockets: a broker on H2, Qpid JMS over AMQP as the clients
 * (a stream's consumer group is a shared durable subscription, or a durable one of a client id), the JDK's HttpClient.
 *
 * <p>The stream {@code orders} has 3 partitions and messages without a key, so message {@code m<i>} (the i-th sent)
 * is in partition {@code i % 3} at offset {@code i / 3}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamManagementApiTest {

    private static final int PARTITIONS = 3;

    @RegisterExtension
    final ApiFixture f = new ApiFixture().clientId("tests");

    private Broker broker;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        broker = f.broker;
        session = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    // ------------------------------------------------------------------ helpers

    private Topic orders() throws Exception {
        return session.createTopic("stream://orders");
    }

    /** Declares {@code orders} with its groups (created while it is empty, so they start at offset 0). */
    private void ordersWithGroups(String... sharedGroups) throws Exception {
        broker.addresses().declare("orders", AddressKind.STREAM,
                AddressSettings.DEFAULTS.withStream(PARTITIONS, Duration.ofDays(7), 0, 0, null));
        for (String g : sharedGroups) {
            session.createSharedDurableConsumer(orders(), g).close();
        }
    }

    /** Sends m<from> .. m<to - 1> (persistent, each confirmed before the next). */
    private void send(int from, int to) throws Exception {
        try (MessageProducer p = session.createProducer(orders())) {
            for (int i = from; i < to; i++) {
                p.send(session.createTextMessage("m" + i));
            }
        }
    }

    /** Receives {@code n} messages as member of {@code group} (acknowledged one by one); answers their numbers. */
    private List<Integer> consume(String group, int n) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (MessageConsumer c = session.createSharedDurableConsumer(orders(), group)) {
            for (int i = 0; i < n; i++) {
                TextMessage m = (TextMessage) c.receive(10_000);
                assertNotNull(m, "group " + group + " got " + out + ", then nothing");
                out.add(Integer.parseInt(m.getText().substring(1)));
            }
        }
        awaitNoConsumers(group);
        return out;
    }

    /** The offset (number / 3) of the first message of each partition that a member of {@code group} reads. */
    private Map<Integer, Integer> firstReadPerPartition(String group) throws Exception {
        Map<Integer, Integer> first = new HashMap<>();
        try (MessageConsumer c = session.createSharedDurableConsumer(orders(), group)) {
            while (first.size() < PARTITIONS) {
                TextMessage m = (TextMessage) c.receive(10_000);
                assertNotNull(m, "group " + group + " read the first messages " + first + ", then nothing");
                int i = Integer.parseInt(m.getText().substring(1));
                first.putIfAbsent(i % PARTITIONS, i / PARTITIONS);
            }
        }
        awaitNoConsumers(group);
        return first;
    }

    private JsonNode group(String name) throws Exception {
        Reply r = f.get("/api/streams/orders/groups");
        assertEquals(200, r.status(), r.body());
        for (JsonNode g : r.json()) {
            if (g.path("group").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + r.body());
    }

    private void awaitNoConsumers(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> group(name).path("consumers").asInt() == 0);
    }

    private void awaitLag(String name, long lag) {
        await().atMost(Duration.ofSeconds(10)).until(() -> group(name).path("lag").asLong() == lag);
    }

    private static List<Long> committed(JsonNode group) {
        List<Long> out = new ArrayList<>();
        group.path("partitions").forEach(p -> out.add(p.path("committedOffset").asLong()));
        return out;
    }

    private JsonNode reset(String group, String query) throws Exception {
        Reply r = f.post("/api/streams/orders/groups/" + group + "/reset?" + query, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void showsPartitionsGroupsAndLagAfterAKnownWorkloadAndMetricsAgree() throws Exception {
        ordersWithGroups("billing", "reports");
        session.createDurableConsumer(orders(), "audit").close(); // group "tests:audit" of the client id
        send(0, 30);
        List<Integer> billed = consume("billing", 12);
        consume("reports", 30);
        awaitLag("billing", 18);
        awaitLag("reports", 0);

        Reply list = f.get("/api/streams");
        assertEquals(200, list.status(), list.body());
        JsonNode summary = list.json().get(0);
        assertEquals("orders", summary.path("name").asText());
        assertEquals(PARTITIONS, summary.path("partitions").asInt());
        assertEquals(30, summary.path("messages").asLong());
        assertEquals(3, summary.path("groups").asInt());
        assertTrue(summary.path("bytes").asLong() > 30 * 2, list.body());

        JsonNode stream = f.get("/api/streams/orders").json();
        long bytes = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            JsonNode part = stream.path("partitions").get(p);
            assertEquals(p, part.path("partition").asInt());
            assertEquals(0, part.path("firstOffset").asLong());
            assertEquals(9, part.path("lastOffset").asLong());
            assertEquals(10, part.path("messages").asLong());
            bytes += part.path("bytes").asLong();
        }
        assertEquals(summary.path("bytes").asLong(), bytes);
        assertEquals("PT168H", stream.path("retention").path("age").asText());
        assertEquals(0, stream.path("retention").path("bytes").asLong());
        assertEquals(List.of("billing", "reports", "tests:audit"),
                stream.path("groups").findValuesAsText("group"));

        JsonNode billing = group("billing");
        assertEquals(0, billing.path("consumers").asInt());
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            long read = billed.stream().filter(i -> i % PARTITIONS == partition).count();
            JsonNode part = billing.path("partitions").get(p);
            assertEquals(read, part.path("committedOffset").asLong(), billing.toString());
            assertEquals(9, part.path("lastOffset").asLong());
            assertEquals(10 - read, part.path("lag").asLong(), billing.toString());
        }
        assertEquals(List.of(0L, 0L, 0L), committed(group("tests:audit")));
        assertEquals(30, group("tests:audit").path("lag").asLong());

        session.createProducer(session.createQueue("jobs")).send(session.createTextMessage("job"));
        String text = f.get("/metrics").body();
        for (String g : List.of("billing", "reports", "tests:audit")) {
            assertEquals(group(g).path("lag").asDouble(), ApiClient.sample(text, "tributary_stream_group_lag",
                    Map.of("stream", "orders", "group", g)), 0.0, g);
            assertEquals(0.0, ApiClient.sample(text, "tributary_stream_group_consumers",
                    Map.of("stream", "orders", "group", g)), 0.0, g);
        }
        assertEquals(30.0, ApiClient.sample(text, "tributary_stream_messages", Map.of("stream", "orders")), 0.0);
        assertEquals((double) bytes, ApiClient.sample(text, "tributary_stream_bytes", Map.of("stream", "orders")),
                0.0);
        assertEquals(0.0, ApiClient.sample(text, "tributary_queue_paging", Map.of("queue", "jobs")), 0.0);
        assertEquals(0.0, ApiClient.sample(text, "tributary_queue_paged_out", Map.of("queue", "jobs")), 0.0);
    }

    @Test
    void eachResetModeMovesWhereTheGroupsNextConsumerReads() throws Exception {
        ordersWithGroups("billing");
        send(0, 30);
        Instant boundary = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > boundary.toEpochMilli() + 1);
        send(30, 33); // offset 10 of each partition, appended after boundary + 1 ms
        consume("billing", 33);
        awaitLag("billing", 0);

        JsonNode first = reset("billing", "to=first");
        assertEquals("billing", first.path("group").asText());
        assertEquals(List.of(0L, 0L, 0L), committed(first));
        assertEquals(33, first.path("lag").asLong());
        assertEquals(Map.of(0, 0, 1, 0, 2, 0), firstReadPerPartition("billing"));

        JsonNode last = reset("billing", "to=last");
        assertEquals(List.of(11L, 11L, 11L), committed(last));
        assertEquals(0, last.path("lag").asLong());
        send(33, 36);
        assertEquals(List.of(33, 34, 35), consume("billing", 3).stream().sorted().toList(),
                "after to=last the group reads only what came after the reset");
        try (MessageConsumer c = session.createSharedDurableConsumer(orders(), "billing")) {
            assertNull(c.receive(300), "nothing else is left for the group");
        }
        awaitNoConsumers("billing");

        JsonNode five = reset("billing", "offset=5");
        assertEquals(List.of(5L, 5L, 5L), committed(five));
        assertEquals(3 * 7, five.path("lag").asLong());
        assertEquals(Map.of(0, 5, 1, 5, 2, 5), firstReadPerPartition("billing"));

        JsonNode beyond = reset("billing", "offset=1000");
        assertEquals(List.of(12L, 12L, 12L), committed(beyond), "an offset beyond the log is clamped to its end");

        JsonNode since = reset("billing", "timestamp=" + boundary.plusMillis(1));
        assertEquals(List.of(10L, 10L, 10L), committed(since));
        assertEquals(Map.of(0, 10, 1, 10, 2, 10), firstReadPerPartition("billing"));
    }

    @Test
    void aResetIsStoredAndSurvivesARestart() throws Exception {
        ordersWithGroups("billing");
        send(0, 30);
        assertEquals(List.of(4L, 4L, 4L), committed(reset("billing", "offset=4")));

        f.restart();
        start();
        assertEquals(List.of(4L, 4L, 4L), committed(group("billing")));
        assertEquals(18, group("billing").path("lag").asLong());
        assertEquals(Map.of(0, 4, 1, 4, 2, 4), firstReadPerPartition("billing"));
    }

    @Test
    void badResetsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        ordersWithGroups("billing");
        send(0, 9);
        consume("billing", 9);
        awaitLag("billing", 0);
        List<Long> before = committed(group("billing"));

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("", "exactly one of");
        refused.put("to=first&offset=3", "got to and offset");
        refused.put("offset=1&offset=2", "more than once");
        refused.put("to=middle", "'middle' is not first or last");
        refused.put("offset=-1", "'-1' is not an offset");
        refused.put("offset=ten", "'ten' is not an offset");
        refused.put("timestamp=yesterday", "'yesterday' is not an ISO-8601 instant");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            Reply r = f.post("/api/streams/orders/groups/billing/reset?" + bad.getKey(), null);
            assertEquals(400, r.status(), bad.getKey() + ": " + r.body());
            assertTrue(r.error().contains(bad.getValue()), bad.getKey() + ": " + r.body());
        }
        assertEquals(before, committed(group("billing")), "a refused reset changes nothing");

        Reply noStream = f.post("/api/streams/nowhere/groups/billing/reset?to=first", null);
        assertEquals(404, noStream.status(), noStream.body());
        assertTrue(noStream.error().contains("'nowhere' does not exist"), noStream.body());
        Reply noGroup = f.post("/api/streams/orders/groups/payroll/reset?to=first", null);
        assertEquals(404, noGroup.status(), noGroup.body());
        assertTrue(noGroup.error().contains("no consumer group 'payroll'"), noGroup.body());
        assertEquals(405, f.get("/api/streams/orders/groups/billing/reset?to=first").status());

        try (MessageConsumer attached = session.createSharedDurableConsumer(orders(), "billing")) {
            Reply busy = f.post("/api/streams/orders/groups/billing/reset?to=first", null);
            assertEquals(409, busy.status(), busy.body());
            assertTrue(busy.error().contains("1 consumer(s) attached; stop them"), busy.body());
        }
        assertEquals(before, committed(group("billing")));

        assertEquals(404, f.get("/api/streams/nowhere").status());
        assertEquals(404, f.get("/api/streams/nowhere/groups").status());
        Reply notATopic = f.get("/api/topics/orders");
        assertEquals(404, notATopic.status());
        assertTrue(notATopic.error().contains("topic 'orders' does not exist"), notATopic.body());
    }

    @Test
    void listsTopicsWithTheirSubscriptions() throws Exception {
        broker.addresses().declare("news", AddressKind.TOPIC, AddressSettings.DEFAULTS);
        Topic news = session.createTopic("news");
        session.createDurableConsumer(news, "red-only", "color = 'red'", false).close();
        try (MessageConsumer shared = session.createSharedDurableConsumer(news, "everything");
             MessageProducer p = session.createProducer(news)) {
            for (String color : List.of("red", "blue", "red")) {
                TextMessage m = session.createTextMessage(color);
                m.setStringProperty("color", color);
                p.send(m);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/api/topics/news").json()
                    .path("subscriptions").size() == 2);
            JsonNode topic = f.get("/api/topics/news").json();
            assertEquals("news", topic.path("name").asText());
            Map<String, JsonNode> byName = new HashMap<>();
            topic.path("subscriptions").forEach(s -> byName.put(s.path("name").asText(), s));

            JsonNode red = byName.get("red-only");
            assertEquals("tests", red.path("clientId").asText());
            assertTrue(red.path("durable").asBoolean());
            assertEquals(false, red.path("shared").asBoolean());
            assertEquals("color = 'red'", red.path("selector").asText());
            assertEquals(0, red.path("consumers").asInt());
            assertEquals(2, red.path("depth").asLong());
            assertEquals(200, f.get("/api/queues/" + red.path("queue").asText()).status());

            JsonNode all = byName.get("everything");
            assertTrue(all.path("shared").asBoolean());
            assertTrue(all.path("selector").isNull());
            assertEquals(1, all.path("consumers").asInt());
            assertEquals(3, all.path("depth").asLong());

            Reply list = f.get("/api/topics");
            assertEquals(200, list.status());
            assertEquals(List.of("news"), list.json().findValuesAsText("name").stream()
                    .filter(n -> n.equals("news")).toList());
        }
    }
}
