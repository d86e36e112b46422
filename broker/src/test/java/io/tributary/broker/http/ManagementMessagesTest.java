package io.tributary.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message resources of the management API over real sockets: browsing, reading, removing, moving, purging and
 * retrying messages, the paged-out ones included, and changing an address's settings at run time.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ManagementMessagesTest {

    /** Messages sent to the paging queue; with its 2 KiB budget most of them are paged out to the store. */
    private static final int BACKLOG = 40;

    @RegisterExtension
    final ApiFixture f = new ApiFixture();

    /** A queue with a 2 KiB memory budget holding {@link #BACKLOG} durable messages {@code n = 0..}, most paged out. */
    private void pagedBacklog(String queue) throws Exception {
        Reply created = f.post("/api/addresses", "{\"name\": \"" + queue + "\", \"kind\": \"queue\", \"settings\": "
                + "{\"memory-budget\": \"2KiB\"}}");
        assertEquals(201, created.status(), created.body());
        send(queue, BACKLOG, "text");
        assertTrue(f.queueFigure(queue, "pagedOut") > BACKLOG / 2, f.get("/api/queues/" + queue).body());
    }

    private void send(String queue, int n, String text) throws Exception {
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < n; i++) {
                Message m = s.createTextMessage(text + i);
                m.setIntProperty("n", i);
                p.send(m);
            }
        }
    }

    private List<Integer> browsed(String query) throws Exception {
        Reply r = f.get(query);
        assertEquals(200, r.status(), r.body());
        List<Integer> out = new ArrayList<>();
        r.json().forEach(m -> out.add(m.path("applicationProperties").path("n").asInt()));
        return out;
    }

    private List<Integer> consumeAll(String queue) throws Exception {
        List<Integer> out = new ArrayList<>();
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer c = s.createConsumer(s.createQueue(queue));
            for (Message m = c.receive(5000); m != null; m = c.receive(1000)) {
                out.add(m.getIntProperty("n"));
            }
        }
        return out;
    }

    private static String selector(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void browseSeesPagedOutMessagesAfterTheHeapOnesInOrder() throws Exception {
        pagedBacklog("backlog");
        List<Integer> all = browsed("/api/queues/backlog/messages?limit=1000");
        assertEquals(BACKLOG, all.size(), all.toString());
        for (int i = 0; i < BACKLOG; i++) {
            assertEquals(i, all.get(i), all.toString());
        }
        assertEquals(List.of(35, 36, 37, 38, 39), browsed("/api/queues/backlog/messages?selector="
                + selector("n >= 35")));
        assertEquals(List.of(0, 1, 2), browsed("/api/queues/backlog/messages?limit=3"));
        assertEquals(BACKLOG, f.queueFigure("backlog", "depth"), "browsing consumes nothing");
    }

    @Test
    void getsOneMessageWithItsHeadersPropertiesAndBody() throws Exception {
        pagedBacklog("backlog");
        List<Integer> ids = new ArrayList<>();
        f.get("/api/queues/backlog/messages?limit=1000").json().forEach(m -> ids.add(m.path("id").asInt()));
        JsonNode last = f.get("/api/queues/backlog/messages/" + ids.get(BACKLOG - 1)).json();
        assertEquals(BACKLOG - 1, last.path("applicationProperties").path("n").asInt(), last.toString());
        assertEquals("backlog", last.path("address").asText());
        assertTrue(last.path("header").path("durable").asBoolean());
        assertEquals(4, last.path("header").path("priority").asInt());
        assertFalse(last.path("properties").path("messageId").asText().isEmpty(), last.toString());
        assertTrue(last.path("properties").path("creationTime").asLong() > 0, last.toString());
        assertTrue(last.path("originalAddress").isNull());
        assertTrue(last.path("messageAnnotations").has("x-opt-jms-msg-type"), last.toString());
        JsonNode body = last.path("body");
        assertEquals("text", body.path("type").asText());
        assertEquals("text" + (BACKLOG - 1), body.path("text").asText());
        assertFalse(body.path("truncated").asBoolean());

        Reply missing = f.get("/api/queues/backlog/messages/999999");
        assertEquals(404, missing.status());
        assertTrue(missing.error().contains("999999"), missing.body());
        assertEquals(400, f.get("/api/queues/backlog/messages/abc").status());
        Reply noQueue = f.get("/api/queues/nothing/messages/1");
        assertEquals(404, noQueue.status());
        assertTrue(noQueue.error().contains("'nothing'"), noQueue.body());
        assertEquals(405, f.send("PUT", "/api/queues/backlog/messages/" + ids.get(0), null, null).status());
    }

    @Test
    void showsLargeAndBinaryBodiesCutAt64KiB() throws Exception {
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        try (Session s = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer p = s.createProducer(s.createQueue("bodies"));
            p.send(s.createTextMessage("x".repeat(70_000)));
            BytesMessage b = s.createBytesMessage();
            b.writeBytes(bytes, 0, 10);
            p.send(b);
            BytesMessage big = s.createBytesMessage();
            big.writeBytes(bytes);
            p.send(big);
        }
        JsonNode page = f.get("/api/queues/bodies/messages").json();
        JsonNode text = f.get("/api/queues/bodies/messages/" + page.get(0).path("id").asLong()).json().path("body");
        assertEquals(70_000, text.path("length").asInt());
        assertTrue(text.path("truncated").asBoolean());
        assertEquals(MessageBody.MAX, text.path("text").asText().length());
        JsonNode small = f.get("/api/queues/bodies/messages/" + page.get(1).path("id").asLong()).json().path("body");
        assertEquals("binary", small.path("type").asText());
        assertEquals(10, small.path("length").asInt());
        assertFalse(small.path("truncated").asBoolean());
        assertEquals(9, Base64.getDecoder().decode(small.path("base64").asText())[9]);
        JsonNode large = f.get("/api/queues/bodies/messages/" + page.get(2).path("id").asLong()).json().path("body");
        assertEquals(100_000, large.path("length").asInt());
        assertTrue(large.path("truncated").asBoolean());
        assertEquals(MessageBody.MAX, Base64.getDecoder().decode(large.path("base64").asText()).length);
    }

    @Test
    void removesAndMovesPagedOutMessagesOnce() throws Exception {
        pagedBacklog("backlog");
        JsonNode page = f.get("/api/queues/backlog/messages?limit=1000").json();
        long removed = page.get(BACKLOG - 1).path("id").asLong();
        long moved = page.get(BACKLOG - 2).path("id").asLong();
        Reply remove = f.delete("/api/queues/backlog/messages/" + removed);
        assertEquals(200, remove.status(), remove.body());
        assertEquals(404, f.delete("/api/queues/backlog/messages/" + removed).status());
        assertEquals(404, f.get("/api/queues/backlog/messages/" + removed).status());
        Reply move = f.post("/api/queues/backlog/messages/" + moved + "/move?to=archive", null);
        assertEquals(200, move.status(), move.body());
        assertEquals(BACKLOG - 2, f.queueFigure("backlog", "depth"));
        assertEquals(BACKLOG - 2, browsed("/api/queues/backlog/messages?limit=1000").size());

        List<Integer> consumed = consumeAll("backlog");
        assertEquals(BACKLOG - 2, consumed.size(), consumed.toString());
        assertFalse(consumed.contains(BACKLOG - 1) || consumed.contains(BACKLOG - 2), consumed.toString());
        assertEquals(List.of(BACKLOG - 2), consumeAll("archive"));
    }

    @Test
    void purgeRemovesEveryWaitingMessageForGood() throws Exception {
        pagedBacklog("backlog");
        Reply purged = f.post("/api/queues/backlog/purge", null);
        assertEquals(200, purged.status(), purged.body());
        assertEquals(BACKLOG, purged.json().path("purged").asLong());
        assertEquals(0, f.queueFigure("backlog", "depth"));
        assertEquals(405, f.get("/api/queues/backlog/purge").status());
        assertEquals(404, f.post("/api/queues/nothing/purge", null).status());
        f.restart();
        assertEquals(0, f.queueFigure("backlog", "depth"), "the purge was stored");
        assertEquals(List.of(), consumeAll("backlog"));
    }

    /** Two messages of {@code orders} (max-delivery-attempts 1) dead-lettered to DLQ.orders. */
    private void deadLetters() throws Exception {
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 1}}").status());
        send("orders", 2, "text");
        try (Session s = f.jms.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            assertNotNull(c.receive(5000));
            assertNotNull(c.receive(5000));
            s.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/api/queues/DLQ.orders").status() == 200
                && f.queueFigure("DLQ.orders", "depth") == 2);
    }

    @Test
    void retriesOneDeadLetteredMessageToItsOriginalAddress() throws Exception {
        deadLetters();
        JsonNode page = f.get("/api/queues/DLQ.orders/messages").json();
        long id = page.get(0).path("id").asLong();
        JsonNode one = f.get("/api/queues/DLQ.orders/messages/" + id).json();
        assertEquals("orders", one.path("originalAddress").asText(), one.toString());
        assertEquals("DLQ.orders", one.path("address").asText());

        Reply retried = f.post("/api/queues/DLQ.orders/messages/" + id + "/retry", null);
        assertEquals(200, retried.status(), retried.body());
        assertEquals(id, retried.json().path("retried").asLong());
        assertEquals("orders", retried.json().path("to").asText());
        assertEquals(1, f.queueFigure("DLQ.orders", "depth"));
        assertEquals(1, f.queueFigure("orders", "depth"));
        assertEquals(404, f.post("/api/queues/DLQ.orders/messages/" + id + "/retry", null).status());
        assertEquals(405, f.get("/api/queues/DLQ.orders/messages/" + id + "/retry").status());

        send("fresh", 1, "text");
        long plain = f.get("/api/queues/fresh/messages").json().get(0).path("id").asLong();
        Reply notDead = f.post("/api/queues/fresh/messages/" + plain + "/retry", null);
        assertEquals(409, notDead.status(), notDead.body());
        assertTrue(notDead.error().contains("no original address"), notDead.body());
        assertEquals(1, f.queueFigure("fresh", "depth"), "a refused retry changes nothing");
    }

    @Test
    void retriesEveryDeadLetterOfAPagedDeadLetterQueueAndLeavesTheOthers() throws Exception {
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"DLQ.orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"memory-budget\": \"2KiB\"}}").status());
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 1}}").status());
        send("orders", BACKLOG, "text");
        try (Session s = f.jms.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            for (int i = 0; i < BACKLOG; i++) {
                assertNotNull(c.receive(5000), "message " + i);
            }
            s.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.queueFigure("DLQ.orders", "depth") == BACKLOG);
        send("DLQ.orders", 1, "no origin ");
        assertTrue(f.queueFigure("DLQ.orders", "pagedOut") > BACKLOG / 2, f.get("/api/queues/DLQ.orders").body());

        Reply retried = f.post("/api/queues/DLQ.orders/retry", null);
        assertEquals(200, retried.status(), retried.body());
        assertEquals(BACKLOG, retried.json().path("retried").asLong());
        assertEquals(1, f.queueFigure("DLQ.orders", "depth"), "the message without an original address stays");
        assertEquals(BACKLOG, f.queueFigure("orders", "depth"));
        assertEquals(0, f.post("/api/queues/DLQ.orders/retry", null).json().path("retried").asLong());

        f.restart();
        assertEquals(1, f.queueFigure("DLQ.orders", "depth"), "the retry was stored");
        List<Integer> consumed = consumeAll("orders");
        assertEquals(BACKLOG, consumed.size(), consumed.toString());
        assertEquals(BACKLOG, new HashSet<>(consumed).size(), "each once: " + consumed);
    }

    @Test
    void changesAnAddressSettingsAtRunTimeAndKeepsThemAfterARestart() throws Exception {
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\"}").status());
        Reply changed = f.patch("/api/addresses/orders", "{\"max-delivery-attempts\": 1, \"dead-letter-address\": "
                + "\"parked\", \"memory-budget\": \"1MiB\"}");
        assertEquals(200, changed.status(), changed.body());
        JsonNode settings = changed.json().path("settings");
        assertEquals("1", settings.path("max-delivery-attempts").asText());
        assertEquals("parked", settings.path("dead-letter-address").asText());
        assertEquals(String.valueOf(1024 * 1024), settings.path("memory-budget").asText());

        send("orders", 1, "text");
        try (Session s = f.jms.createSession(true, Session.SESSION_TRANSACTED)) {
            assertNotNull(s.createConsumer(s.createQueue("orders")).receive(5000));
            s.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/api/queues/parked").status() == 200
                && f.queueFigure("parked", "depth") == 1);

        f.restart();
        JsonNode after = f.get("/api/addresses/orders").json().path("settings");
        assertEquals("1", after.path("max-delivery-attempts").asText(), after.toString());
        assertEquals("parked", after.path("dead-letter-address").asText());
    }

    @Test
    void badSettingsChangesAreRefusedAndChangeNothing() throws Exception {
        assertEquals(201, f.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 4}}").status());
        Reply unknown = f.patch("/api/addresses/orders", "{\"colour\": 1, \"max-delivery-attempts\": 2}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.error().contains("'colour'"), unknown.body());
        Reply badValue = f.patch("/api/addresses/orders", "{\"max-delivery-attempts\": -1}");
        assertEquals(400, badValue.status());
        assertTrue(badValue.error().contains("max-delivery-attempts"), badValue.body());
        Reply kind = f.patch("/api/addresses/orders", "{\"kind\": \"topic\"}");
        assertEquals(400, kind.status());
        assertTrue(kind.error().startsWith("kind cannot change"), kind.body());
        Reply fixed = f.patch("/api/addresses/orders", "{\"max-delivery-attempts\": 2, \"partitions\": 4}");
        assertEquals(400, fixed.status());
        assertTrue(fixed.error().contains("partitions cannot change while the broker runs"), fixed.body());
        assertEquals(400, f.patch("/api/addresses/orders", "{\"max-delivery-attempts\": ").status());
        assertEquals(400, f.patch("/api/addresses/orders", "{}").status());
        assertEquals(415, f.send("PATCH", "/api/addresses/orders", "text/plain", "{}").status());
        Reply missing = f.patch("/api/addresses/nothing", "{\"max-delivery-attempts\": 2}");
        assertEquals(404, missing.status());
        assertTrue(missing.error().contains("'nothing'"), missing.body());
        assertEquals("4", f.get("/api/addresses/orders").json().path("settings").path("max-delivery-attempts")
                .asText(), "refused changes change nothing");
        Reply wrong = f.send("PUT", "/api/addresses/orders", "application/json", "{}");
        assertEquals(405, wrong.status());
        assertTrue(wrong.error().contains("PATCH"), wrong.body());
    }

    @Test
    void showsAConnectionWithItsSessionsAndLinks() throws Exception {
        send("orders", 3, "text");
        try (Session s = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            MessageProducer p = s.createProducer(s.createQueue("replies"));
            p.send(s.createTextMessage("reply"));
            Message first = c.receive(5000);
            assertNotNull(first);
            first.acknowledge();
            String id = f.get("/api/connections").json().get(0).path("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> link(id, "sender").path("acknowledged").asLong() >= 1);
            JsonNode detail = f.get("/api/connections/" + id).json();
            assertEquals(id, detail.path("id").asText());
            assertTrue(detail.path("sessions").isArray() && detail.path("sessions").size() >= 1, detail.toString());
            JsonNode consumer = link(id, "sender");
            assertEquals("orders", consumer.path("address").asText());
            assertFalse(consumer.path("name").asText().isEmpty());
            assertEquals(3, consumer.path("delivered").asLong(), consumer.toString());
            assertTrue(consumer.path("credit").asLong() > 0, consumer.toString());
            assertEquals(2, consumer.path("unsettled").asLong(), consumer.toString());
            JsonNode producer = link(id, "receiver");
            assertEquals("replies", producer.path("address").asText());
            assertEquals(1, producer.path("received").asLong(), producer.toString());
            assertNull(producer.path("credit").numberValue());
        }
        Reply missing = f.get("/api/connections/conn-999");
        assertEquals(404, missing.status());
        assertTrue(missing.error().contains("'conn-999'"), missing.body());
        assertEquals(405, f.send("PUT", "/api/connections/conn-999", null, null).status());
    }

    /** The first link of connection {@code id} with {@code role} on address orders or replies. */
    private JsonNode link(String id, String role) throws Exception {
        for (JsonNode session : f.get("/api/connections/" + id).json().path("sessions")) {
            for (JsonNode l : session.path("links")) {
                String address = l.path("address").asText();
                if (l.path("role").asText().equals(role) && (address.equals("orders") || address.equals("replies"))) {
                    return l;
                }
            }
        }
        throw new AssertionError("no " + role + " link in " + f.get("/api/connections/" + id).body());
    }
}
