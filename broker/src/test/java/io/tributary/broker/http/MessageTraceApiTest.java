package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.TraceSampling;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message's trace through the management API: sent over AMQP by Qpid JMS, released, then modified (delivery
 * failed) twice, dead-lettered, retried through the API and consumed; found by message-id, correlation-id and property.
 * A stream message's trace: appended, then read by a consumer group (a shared durable subscription) that acknowledges
 * it and by a plain reader.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageTraceApiTest {

    /** Qpid JMS's property that picks the outcome {@code acknowledge()} sends, and two of its values. */
    private static final String ACK_TYPE = "JMS_AMQP_ACK_TYPE";
    private static final int RELEASED = 3;
    private static final int MODIFIED_FAILED = 4;

    @RegisterExtension
    final ApiFixture f = new ApiFixture().config(b -> {
        AddressSettings traced = AddressSettings.DEFAULTS.withTracing(new TraceSampling(true, 1.0))
                .withMaxDeliveryAttempts(2);
        return b.declare("orders", AddressKind.QUEUE, traced)
                .declare("events", AddressKind.STREAM, traced.withStream(1, null, 0, 0, null));
    });

    private JsonNode getJson(String path) throws Exception {
        Reply r = f.get(path);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static List<String> types(JsonNode trace) {
        List<String> out = new ArrayList<>();
        trace.path("events").forEach(e -> out.add(e.path("type").asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void tracesAMessageAcrossReleaseModifiedDeadLetteringAndRetry() throws Exception {
        String id;
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            Message m = s.createTextMessage("order 1");
            m.setJMSCorrelationID("corr-1");
            m.setStringProperty("customer", "c 42");
            p.send(m);
            id = m.getJMSMessageID();
        }
        try (Session s = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            for (int ackType : new int[] {RELEASED, MODIFIED_FAILED, MODIFIED_FAILED}) {
                Message m = c.receive(5000);
                assertEquals(id, m.getJMSMessageID());
                m.setIntProperty(ACK_TYPE, ackType);
                m.acknowledge();
            }
        }
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> getJson("/api/queues/DLQ.orders").path("depth").asLong() == 1);
        Reply retried = f.post("/api/queues/DLQ.orders/retry", null);
        assertEquals(200, retried.status(), retried.body());
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertEquals(id, s.createConsumer(s.createQueue("orders")).receive(5000).getJMSMessageID());
        }

        String path = "/api/messages/" + enc(id) + "/trace";
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
            JsonNode t = getJson(path);
            return t.size() == 3 && types(t.get(2)).contains("settled");
        });
        JsonNode traces = getJson(path);
        JsonNode first = traces.get(0);
        assertEquals(id, first.path("messageId").asText());
        assertEquals("orders", first.path("address").asText());
        assertEquals(List.of("received", "routed", "stored", "delivered", "settled", "delivered", "settled",
                "delivered", "settled", "dead-lettered"), types(first));
        JsonNode received = first.path("events").get(0);
        assertEquals("send", received.path("via").asText());
        assertTrue(received.path("connection").asText().startsWith("conn-"), received.toString());
        assertTrue(received.path("time").asText().endsWith("Z"), "ISO-8601: " + received);
        assertEquals("released", first.path("events").get(4).path("outcome").asText());
        assertEquals(0, first.path("events").get(5).path("deliveryCount").asInt());
        assertEquals("modified", first.path("events").get(6).path("outcome").asText());
        assertEquals(1, first.path("events").get(7).path("deliveryCount").asInt());
        assertEquals("max delivery attempts (2)", first.path("events").get(9).path("reason").asText());
        assertEquals("DLQ.orders", traces.get(1).path("address").asText());
        assertEquals(List.of("received", "routed", "stored", "moved"), types(traces.get(1)));
        assertEquals("retry", traces.get(2).path("events").get(0).path("via").asText());
        assertEquals(List.of("received", "routed", "stored", "delivered", "settled"), types(traces.get(2)));
        assertEquals("accepted", traces.get(2).path("events").get(4).path("outcome").asText());

        assertEquals(traces, getJson("/api/messages/trace?correlation-id=corr-1"));
        assertEquals(traces, getJson("/api/messages/trace?property=customer&value=" + enc("c 42")));
        assertEquals(0, getJson("/api/messages/trace?property=customer&value=c43").size());
        assertEquals(0, getJson("/api/messages/" + enc("ID:nothing") + "/trace").size());
        Reply bad = f.get("/api/messages/trace");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("correlation-id"), bad.body());
        assertEquals(405, f.delete(path).status());
    }

    @Test
    void tracesAStreamMessageAppendedAndReadByAGroupAndAPlainReader() throws Exception {
        String id;
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Topic events = s.createTopic("stream://events");
            MessageConsumer group = s.createSharedDurableConsumer(events, "billing");
            MessageConsumer plain = s.createConsumer(events);
            Message m = s.createTextMessage("event 1");
            s.createProducer(events).send(m);
            id = m.getJMSMessageID();
            assertEquals(id, group.receive(5000).getJMSMessageID());
            assertEquals(id, plain.receive(5000).getJMSMessageID());
        }

        String path = "/api/messages/" + enc(id) + "/trace";
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
            JsonNode t = getJson(path);
            return t.size() == 1 && types(t.get(0)).size() == 6;
        });
        JsonNode trace = getJson(path).get(0);
        assertEquals("events", trace.path("address").asText());
        List<String> types = types(trace);
        assertEquals(List.of("received", "appended", "stored"), types.subList(0, 3));
        JsonNode appended = trace.path("events").get(1);
        assertEquals(0, appended.path("partition").asInt());
        assertEquals(0, appended.path("offset").asLong());
        List<String> readers = new ArrayList<>();
        for (JsonNode e : trace.path("events")) {
            if (e.path("type").asText().equals("read")) {
                readers.add(e.path("group").asText("(none)"));
                assertEquals(0, e.path("offset").asLong(), e.toString());
                assertTrue(e.path("connection").asText().startsWith("conn-"), e.toString());
            } else if (e.path("type").asText().equals("settled")) {
                assertEquals("billing", e.path("group").asText(), e.toString());
                assertEquals("accepted", e.path("outcome").asText(), e.toString());
            }
        }
        readers.sort(null);
        assertEquals(List.of("(none)", "billing"), readers, types.toString());
        assertTrue(types.indexOf("settled") > types.indexOf("read"), types.toString());
    }

    @Test
    void aLookupRightAfterAConfirmedSendShowsItsFirstEvents() throws Exception {
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < 10; i++) {
                Message m = s.createTextMessage("order " + i);
                p.send(m); // a persistent send returns once the broker confirmed it
                JsonNode t = getJson("/api/messages/" + enc(m.getJMSMessageID()) + "/trace");
                assertEquals(1, t.size(), t.toString());
                assertEquals(List.of("received", "routed", "stored"), types(t.get(0)));
            }
        }
    }

    @Test
    void tracesAConsumerGroupGivingUpOnAStreamMessage() throws Exception {
        String id;
        try (Session s = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            Topic events = s.createTopic("stream://events");
            MessageConsumer group = s.createSharedDurableConsumer(events, "audit");
            Message sent = s.createTextMessage("event 1");
            s.createProducer(events).send(sent);
            id = sent.getJMSMessageID();
            for (int attempt = 0; attempt < 2; attempt++) { // max-delivery-attempts = 2
                Message m = group.receive(5000);
                assertEquals(id, m.getJMSMessageID());
                m.setIntProperty(ACK_TYPE, MODIFIED_FAILED);
                m.acknowledge();
            }
        }
        String path = "/api/messages/" + enc(id) + "/trace";
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> types(getJson(path).get(0)).contains("given-up"));
        JsonNode trace = getJson(path).get(0);
        assertEquals(List.of("received", "appended", "stored", "read", "settled", "read", "settled", "given-up"),
                types(trace));
        JsonNode givenUp = trace.path("events").get(7);
        assertEquals("audit", givenUp.path("group").asText());
        assertEquals(2, givenUp.path("attempts").asInt());
        assertEquals("max delivery attempts (2)", givenUp.path("reason").asText());
    }
}
