package io.tributary.core.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void readsRoutingFieldsWithoutTouchingTheBody() {
        Message m = MessageBuilder.create().durable(true).priority(7).ttl(5000).messageId("ID:1").to("orders")
                .replyTo("replies").subject("s").group("g1", 3).creationTime(1000).property("color", "red")
                .annotation("x-opt-jms-msg-type", (byte) 5).body("hello").build();

        Message reread = Message.decode(m.encoded());

        assertTrue(reread.durable());
        assertEquals(7, reread.priority());
        assertEquals(5000, reread.ttl());
        assertEquals("ID:1", reread.messageId());
        assertEquals("orders", reread.to());
        assertEquals("replies", reread.replyTo());
        assertEquals("g1", reread.groupId());
        assertEquals(3, reread.groupSequence());
        assertEquals(1000, reread.creationTime());
        assertEquals("red", reread.applicationProperty("color"));
        assertEquals((byte) 5, reread.messageAnnotation("x-opt-jms-msg-type"));
    }

    @Test
    void defaultsApplyWhenTheHeaderIsAbsent() {
        Message m = MessageBuilder.create().body("x").build();

        assertFalse(m.durable());
        assertEquals(Message.DEFAULT_PRIORITY, m.priority());
        assertEquals(0, m.ttl());
        assertEquals(0, m.deliveryTime(123));
        assertNull(m.to());
        assertTrue(m.applicationProperties().isEmpty());
    }

    @Test
    void priorityAboveNineCountsAsNine() {
        assertEquals(9, MessageBuilder.create().priority(200).build().priority());
    }

    @Test
    void deliveryTimeComesFromTheAnnotationOrTheDelayAfterArrival() {
        assertEquals(5000, MessageBuilder.create().deliveryTime(5000).build().deliveryTime(100));
        Message delayed = MessageBuilder.create().annotation(JmsMapping.DELIVERY_DELAY, 250L).build();
        assertEquals(1250, delayed.deliveryTime(1000));
    }

    @Test
    void bodyRoundTripsUnchangedThroughProton() {
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        Message m = MessageBuilder.create().body(payload).build();

        Data body = (Data) m.toProton().getBody();

        assertArrayEquals(payload, body.getValue().getArray());
    }

    @Test
    void encodesLargeMessagesExactly() {
        byte[] payload = new byte[3 * 1024 * 1024];
        payload[payload.length - 1] = 42;
        Message m = MessageBuilder.create().body(payload).build();

        Data body = (Data) Message.decode(m.encoded()).toProton().getBody();

        assertEquals(42, body.getValue().getArray()[body.getValue().getArrayOffset() + payload.length - 1]);
        assertTrue(m.size() > payload.length && m.size() < payload.length + 64);
    }

    @Test
    void addsAndRemovesMessageAnnotationsKeepingTheRest() {
        Message m = MessageBuilder.create().annotation("a", 1).annotation("b", 2).property("p", "v").body("t").build();
        Map<String, Object> changes = new HashMap<>();
        changes.put("a", null);
        changes.put("c", 3L);

        Message changed = m.withMessageAnnotations(changes);

        assertNull(changed.messageAnnotation("a"));
        assertEquals(2, changed.messageAnnotation("b"));
        assertEquals(3L, changed.messageAnnotation("c"));
        assertEquals("v", changed.applicationProperty("p"));
        assertEquals("t", ((AmqpValue) changed.toProton().getBody()).getValue());
    }

    @Test
    void rejectsBytesThatAreNotAnAmqpMessageNamingTheSize() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Message.decode(new byte[] {0x00, 0x53, 0x77}));
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyMessage() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Message.wrap(new byte[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void routingFieldsAreReadWithoutTheBodyButValidationRejectsATruncatedBody() {
        byte[] bodyless = MessageBuilder.create().to("orders").priority(6).build().encoded();
        byte[] broken = Arrays.copyOf(bodyless, bodyless.length + 4);
        broken[bodyless.length] = 0x00;
        broken[bodyless.length + 1] = 0x53;
        broken[bodyless.length + 2] = 0x77;
        broken[bodyless.length + 3] = (byte) 0xa1;

        Message lazy = Message.wrap(broken);
        assertEquals("orders", lazy.to());
        assertEquals(6, lazy.priority());

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Message.decode(broken));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void validationAcceptsEveryBodyKindAndAFooter() {
        org.apache.qpid.proton.message.Message p = org.apache.qpid.proton.message.Message.Factory.create();
        p.setBody(new AmqpSequence(List.of(1, "two", 3.0)));
        p.setFooter(new Footer(Map.of("f", "v")));
        assertEquals(3, ((AmqpSequence) Message.decode(
                Message.fromProton(p).encoded()).toProton().getBody()).getValue().size());
        Map<String, Object> map = new HashMap<>();
        map.put("k", UUID.randomUUID());
        assertTrue(Message.decode(MessageBuilder.create().property("p", 1.5).build().encoded()).size() > 0);
        p.setBody(new AmqpValue(map));
        assertEquals(map, ((AmqpValue) Message.decode(Message.fromProton(p).encoded()).toProton().getBody())
                .getValue());
    }

    @Test
    void decodingFromManyThreadsGivesEachItsOwnAnswer() throws Exception {
        List<Future<String>> results = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 2000; i++) {
                byte[] bytes = MessageBuilder.create().to("q" + i).body("b").build().encoded();
                results.add(pool.submit(() -> Message.decode(bytes).to()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals("q" + i, results.get(i).get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
