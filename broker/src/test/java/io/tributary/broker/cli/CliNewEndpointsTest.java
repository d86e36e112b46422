package io.tributary.broker.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.time.Duration;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The commands over the newer management API endpoints (queue purge, message get, retrying one message, streams and
 * consumer groups), against a real broker like {@link CliTest}.
 */
class CliNewEndpointsTest extends CliBrokerTest {

    @Test
    void queuePurgeRemovesEveryWaitingMessage() throws Exception {
        b.send("orders", 5, "red");
        assertEquals("purged 5 message(s) from queue orders\n", b.api("queue", "purge", "orders").expect(0).out());
        assertEquals(0, b.depth("orders"));
        assertEquals(0, b.api("queue", "purge", "orders", "--json").expect(0).json().path("purged").asLong());
        b.api("queue", "purge", "nope").expect(CliException.NOT_FOUND);
    }

    @Test
    void queueConsumersShowsWhatEachConsumerHolds() throws Exception {
        b.send("orders", 2, "red");
        assertEquals("no consumers on queue orders\n", b.api("queue", "consumers", "orders").expect(0).out());
        try (Session s = b.jms.createSession(false, Session.CLIENT_ACKNOWLEDGE)) {
            assertNotNull(s.createConsumer(s.createQueue("orders"), "color = 'red'").receive(5000));
            await().atMost(Duration.ofSeconds(10)).until(() -> b.api("queue", "consumers", "orders", "--json")
                    .expect(0).json().path(0).path("unsettled").asLong() == 2);
            String table = b.api("queue", "consumers", "orders").expect(0).out();
            String[] lines = table.split("\n");
            assertEquals(2, lines.length, table);
            assertTrue(lines[0].contains("connection") && lines[0].contains("unsettled")
                    && lines[0].contains("lastAcknowledgement"), table);
            assertTrue(lines[1].contains("color = 'red'") && lines[1].contains("127.0.0.1"), table);
            JsonNode one = b.api("queue", "consumers", "orders", "--json").expect(0).json().get(0);
            assertEquals(2, one.path("delivered").asLong(), one.toString());
            assertTrue(one.path("lastAcknowledgement").isNull(), one.toString());
        }
        b.api("queue", "consumers", "nope").expect(CliException.NOT_FOUND);
    }

    @Test
    void messageGetShowsOneMessageWithItsPropertiesAndBody() throws Exception {
        b.send("orders", 1, "red");
        long id = b.api("message", "browse", "orders", "--json").expect(0).json().get(0).path("id").asLong();
        String shown = b.api("message", "get", "orders", Long.toString(id)).expect(0).out();
        assertTrue(shown.contains("color") && shown.contains("red"), shown);
        assertTrue(shown.contains("body:\n") && shown.contains("m0"), shown);
        JsonNode json = b.api("message", "get", "orders", Long.toString(id), "--json").expect(0).json();
        assertTrue(json.has("body"), json.toString());
        b.api("message", "get", "orders", Long.toString(id + 1000)).expect(CliException.NOT_FOUND);
    }

    @Test
    void messageRetryWithAnIdSendsOnlyThatDeadLetterBack() throws Exception {
        assertEquals(201, b.post("/api/addresses", "{\"name\": \"orders\", \"kind\": \"queue\", \"settings\": "
                + "{\"max-delivery-attempts\": 1}}"));
        b.send("orders", 2, "red");
        try (Session s = b.jms.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageConsumer c = s.createConsumer(s.createQueue("orders"));
            assertNotNull(c.receive(5000));
            assertNotNull(c.receive(5000));
            s.rollback();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> b.api("queue", "stat", "DLQ.orders").status() == 0
                && b.depth("DLQ.orders") == 2);
        long id = b.api("message", "browse", "DLQ.orders", "--json").expect(0).json().get(0).path("id").asLong();
        assertEquals("retried message " + id + " from DLQ.orders to its original address\n",
                b.api("message", "retry", "DLQ.orders", Long.toString(id)).expect(0).out());
        assertEquals(1, b.depth("DLQ.orders"));
        assertEquals(1, b.depth("orders"));
        b.api("message", "retry", "DLQ.orders", Long.toString(id)).expect(CliException.NOT_FOUND);
    }

    /** A stream "clicks" with 3 messages and a consumer group "g1" that has acknowledged the first. */
    private void clicksWithGroup() throws Exception {
        assertEquals(201, b.post("/api/addresses", "{\"name\": \"clicks\", \"kind\": \"stream\"}"));
        try (Connection c = new JmsConnectionFactory(b.amqpUrl()).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Topic clicks = s.createTopic("clicks");
            MessageConsumer group = s.createSharedDurableConsumer(clicks, "g1");
            MessageProducer p = s.createProducer(clicks);
            for (int i = 0; i < 3; i++) {
                p.send(s.createTextMessage("click " + i));
            }
            Message first = group.receive(5000);
            assertNotNull(first);
            first.acknowledge();
            group.close();
        }
    }

    @Test
    void streamListAndGroupsShowPartitionsOffsetsAndLag() throws Exception {
        clicksWithGroup();
        String streams = b.api("stream", "list").expect(0).out();
        assertTrue(streams.lines().findFirst().orElseThrow().matches("name +partitions +messages +bytes +groups"),
                streams);
        assertTrue(streams.lines().anyMatch(l -> l.matches("clicks +[0-9]+ +3 .*")), streams);
        assertEquals("clicks", b.api("stream", "list", "--json").expect(0).json().get(0).path("name").asText());

        String groups = b.api("stream", "groups", "clicks").expect(0).out();
        assertTrue(groups.lines().findFirst().orElseThrow().matches(
                "group +consumers +partition +committedOffset +lastOffset +lag"), groups);
        assertTrue(groups.lines().skip(1).allMatch(l -> l.startsWith("g1 ")), groups);
        JsonNode json = b.api("stream", "groups", "clicks", "--json").expect(0).json();
        assertEquals("g1", json.get(0).path("group").asText());
        assertEquals(2, json.get(0).path("lag").asLong(), json.toString());
        b.api("stream", "groups", "nope").expect(CliException.NOT_FOUND);
    }

    @Test
    void streamResetMovesAGroupsOffsets() throws Exception {
        clicksWithGroup();
        assertTrue(b.api("stream", "reset", "clicks", "g1", "--to-last").expect(0).out()
                .startsWith("reset group g1 of stream clicks to the last offset\n"));
        assertEquals(0, lag());
        b.api("stream", "reset", "clicks", "g1", "--to-first").expect(0);
        assertEquals(3, lag());
        b.api("stream", "reset", "clicks", "g1", "--offset", "1").expect(0);
        b.api("stream", "reset", "clicks", "g1", "--timestamp", "2020-01-01T00:00:00Z").expect(0);
        assertEquals(3, lag(), "every message is later than 2020");
        b.api("stream", "reset", "clicks", "nope", "--to-first").expect(CliException.NOT_FOUND);
    }

    private long lag() {
        return b.api("stream", "groups", "clicks", "--json").expect(0).json().get(0).path("lag").asLong();
    }

    @Test
    void messageTraceShowsATracedMessagesEventsFoundByPropertyOrMessageId() throws Exception {
        assertEquals(201, b.post("/api/addresses", "{\"name\": \"traced\", \"kind\": \"queue\", \"settings\": "
                + "{\"tracing\": \"on\"}}"));
        b.send("traced", 1, "teal");
        await().atMost(Duration.ofSeconds(20)).until(() -> b.api("message", "trace", "--property", "color=teal",
                "--json").expect(0).json().size() == 1);
        JsonNode trace = b.api("message", "trace", "--property", "color=teal", "--json").expect(0).json().get(0);
        String messageId = trace.path("messageId").asText();
        String shown = b.api("message", "trace", messageId).expect(0).out();
        assertTrue(shown.startsWith("message " + messageId + " ("), shown);
        assertTrue(shown.contains(" received ") && shown.contains(" routed "), shown);
        assertTrue(b.api("message", "trace", "--correlation-id", "nobody").expect(0).out()
                .startsWith("no trace found"));
        b.api("message", "trace").expect(CliException.USAGE);
        b.api("message", "trace", "--property", "nameonly").expect(CliException.USAGE);
    }
}
