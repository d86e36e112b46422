package io.tributary.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.broker.http.ApiFixture.Reply;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The consumers of a queue over the management API: who they are, what they hold, when they last took and acked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagementConsumersTest {

    /** The broker's {@code http.stuck-consumer-after} in these tests. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(2);

    @RegisterExtension
    final ApiFixture f = new ApiFixture().stuckConsumerAfter(STUCK_AFTER);

    private JsonNode consumers(String queue) throws Exception {
        Reply r = f.get("/api/queues/" + queue + "/consumers");
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void showsWhichConsumerHoldsDeliveriesWithoutAcknowledgingThem() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (Session acking = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE);
             Session stuck = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageConsumer healthy = acking.createConsumer(acking.createQueue("orders"), "n < 2");
            MessageConsumer holding = stuck.createConsumer(stuck.createQueue("orders"), "n >= 2");
            assertEquals(0, consumers("orders").get(0).path("delivered").asLong(), "attached, nothing yet");
            assertTrue(consumers("orders").get(0).path("lastDelivery").isNull());
            MessageProducer p = acking.createProducer(acking.createQueue("orders"));
            for (int i = 0; i < 4; i++) {
                Message m = acking.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                p.send(m);
            }
            Message first = healthy.receive(5000);
            assertNotNull(first);
            first.acknowledge();
            assertNotNull(holding.receive(5000));
            await().atMost(Duration.ofSeconds(10)).until(() -> consumers("orders").get(0).path("acknowledged")
                    .asLong() == 1 && consumers("orders").get(1).path("delivered").asLong() == 2);

            JsonNode list = consumers("orders");
            assertEquals(2, list.size(), list.toString());
            String connection = f.get("/api/connections").json().get(0).path("id").asText();
            JsonNode a = list.get(0);
            assertEquals(connection, a.path("connection").asText());
            assertFalse(a.path("link").asText().isEmpty(), a.toString());
            assertTrue(a.path("user").isNull(), "anonymous: " + a);
            assertTrue(a.path("remote").asText().contains("127.0.0.1"), a.toString());
            assertTrue(Instant.parse(a.path("since").asText()).isAfter(before), a.toString());
            assertEquals("n < 2", a.path("selector").asText());
            assertEquals(2, a.path("delivered").asLong(), a.toString());
            assertEquals(1, a.path("unsettled").asLong(), "the second one is prefetched, not yet acked: " + a);
            assertTrue(a.path("credit").asLong() > 0, a.toString());
            assertFalse(Instant.parse(a.path("lastAcknowledgement").asText()).isBefore(
                    Instant.parse(a.path("since").asText())), a.toString());

            JsonNode b = list.get(1);
            assertEquals("n >= 2", b.path("selector").asText(), b.toString());
            assertEquals(2, b.path("unsettled").asLong(), b.toString());
            assertEquals(0, b.path("acknowledged").asLong(), b.toString());
            assertTrue(b.path("lastAcknowledgement").isNull(), "never acknowledged: " + b);
            assertNotNull(Instant.parse(b.path("lastDelivery").asText()));
            assertTrue(b.path("link").asText().length() > 0 && !b.path("link").asText().equals(a.path("link")
                    .asText()), list.toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> consumers("orders").isEmpty());
    }

    @Test
    void marksStuckAConsumerThatHoldsDeliveriesWithoutAcknowledgingForTheConfiguredTime() throws Exception {
        assertEquals(STUCK_AFTER.toMillis(), f.get("/api/me").json().path("stuckConsumerAfterMillis").asLong(),
                "the console learns the threshold from /api/me");
        Instant before = Instant.now();
        try (Session acking = f.jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
             Session holding = f.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            MessageConsumer healthy = acking.createConsumer(acking.createQueue("orders"), "n = 0");
            MessageConsumer held = holding.createConsumer(holding.createQueue("orders"), "n = 1");
            MessageProducer p = acking.createProducer(acking.createQueue("orders"));
            for (int i = 0; i < 2; i++) {
                Message m = acking.createTextMessage("m" + i);
                m.setIntProperty("n", i);
                p.send(m);
            }
            assertNotNull(healthy.receive(5000));
            assertNotNull(held.receive(5000));
            JsonNode early = consumers("orders");
            if (Duration.between(before, Instant.now()).compareTo(STUCK_AFTER) < 0) {
                assertFalse(early.get(1).path("stuck").asBoolean(), "not yet: " + early);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> consumers("orders").get(1).path("stuck").asBoolean());
            JsonNode list = consumers("orders");
            assertEquals(1, list.get(1).path("unsettled").asLong(), list.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> consumers("orders").get(0).path("unsettled")
                    .asLong() == 0);
            assertFalse(consumers("orders").get(0).path("stuck").asBoolean(), "nothing held, not stuck");
        }
    }

    @Test
    void answersAnUnknownQueueAndAWrongMethodWithAnError() throws Exception {
        Reply missing = f.get("/api/queues/nothing/consumers");
        assertEquals(404, missing.status(), missing.body());
        assertTrue(missing.error().contains("'nothing'"), missing.body());
        Reply post = f.post("/api/queues/nothing/consumers", null);
        assertEquals(405, post.status(), post.body());
        assertTrue(post.error().contains("GET"), post.body());
    }
}
