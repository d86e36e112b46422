package io.tributary.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A scrape of /metrics, parsed as Prometheus text, shows the numbers the API shows after a known workload. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsMatchApiTest {

    @RegisterExtension
    final ApiFixture f = new ApiFixture();

    /** One sample: its metric name and labels. */
    private record Series(String name, Map<String, String> labels) {
    }

    /** Parses the Prometheus text exposition format: every sample line, and the TYPE of each metric. */
    private static Map<Series, Double> parse(String text, Map<String, String> types) {
        Map<Series, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            int rest;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                rest = labels(line, brace + 1, labels);
            } else {
                name = line.substring(0, space);
                rest = space;
            }
            String[] value = line.substring(rest).trim().split(" ");
            out.put(new Series(name, labels), Double.parseDouble(value[0]));
        }
        return out;
    }

    /** Reads {@code a="x",b="y"}} from {@code i}; answers the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> into) {
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).trim();
            StringBuilder v = new StringBuilder();
            int j = eq + 2; // past ="
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    v.append(next == 'n' ? '\n' : next);
                } else {
                    v.append(c);
                }
            }
            into.put(key, v.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static double sample(Map<Series, Double> samples, String name, String queue) {
        for (Map.Entry<Series, Double> e : samples.entrySet()) {
            if (e.getKey().name().equals(name) && queue.equals(e.getKey().labels().get("queue"))) {
                return e.getValue();
            }
        }
        throw new AssertionError("no sample " + name + "{queue=\"" + queue + "\"} in " + samples.keySet());
    }

    @Test
    void scrapedQueueFiguresEqualTheApisAfterAKnownWorkload() throws Exception {
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 1}}").status());
        try (Session s = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < 5; i++) {
                p.send(s.createTextMessage("m" + i));
            }
        }
        try (Session s = f.jms.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            Message m0 = c.receive(5000);
            Message m1 = c.receive(5000);
            assertNotNull(m0);
            assertNotNull(m1);
            s.commit(); // two acknowledged
            assertNotNull(c.receive(5000));
            c.close();
            s.rollback(); // one failed delivery: dead-lettered at max-delivery-attempts 1
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/api/queues/DLQ.orders").status() == 200
                && f.queueFigure("DLQ.orders", "depth") == 1 && f.queueFigure("orders", "acknowledged") == 2);

        JsonNode api = f.get("/api/queues/orders").json();
        JsonNode dlq = f.get("/api/queues/DLQ.orders").json();
        Reply scrape = f.get("/metrics");
        assertEquals(200, scrape.status());
        assertTrue(scrape.response().headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, String> types = new HashMap<>();
        Map<Series, Double> samples = parse(scrape.body(), types);

        assertEquals(2, api.path("depth").asLong());
        assertEquals(5, api.path("enqueued").asLong());
        assertEquals(2, api.path("acknowledged").asLong());
        assertEquals(1, api.path("deadLettered").asLong());
        assertEquals(api.path("depth").asDouble(), sample(samples, "tributary_queue_depth", "orders"));
        assertEquals(api.path("enqueued").asDouble(), sample(samples, "tributary_queue_enqueued_total", "orders"));
        assertEquals(api.path("acknowledged").asDouble(),
                sample(samples, "tributary_queue_acknowledged_total", "orders"));
        assertEquals(api.path("deadLettered").asDouble(),
                sample(samples, "tributary_queue_dead_lettered_total", "orders"));
        assertEquals(dlq.path("depth").asDouble(), sample(samples, "tributary_queue_depth", "DLQ.orders"));
        assertEquals(dlq.path("enqueued").asDouble(), sample(samples, "tributary_queue_enqueued_total", "DLQ.orders"));
        assertEquals("counter", types.getOrDefault("tributary_queue_enqueued_total",
                types.get("tributary_queue_enqueued")));
        assertEquals("gauge", types.get("tributary_queue_depth"));
        assertEquals(1.0, samples.get(new Series("tributary_connections", Map.of())));
        // the fixture's H2 store keeps its messages in the journal: three wait, so some of its records are live
        double journal = samples.get(new Series("tributary_store_journal_bytes", Map.of()));
        double live = samples.get(new Series("tributary_store_journal_live_bytes", Map.of()));
        assertTrue(live > 3 * "m0".length() && live <= journal, live + " live of " + journal);
        assertTrue(samples.get(new Series("tributary_store_journal_segments", Map.of())) >= 1);
    }
}
