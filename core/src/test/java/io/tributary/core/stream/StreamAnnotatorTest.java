package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.junit.jupiter.api.Test;

class StreamAnnotatorTest {

    private static Message proton(boolean header, Map<String, Object> delivery, Map<String, Object> annotations,
                                  Object body, boolean footer) {
        org.apache.qpid.proton.message.Message p = org.apache.qpid.proton.message.Message.Factory.create();
        if (header) {
            p.setDurable(true);
            p.setPriority((short) 7);
        }
        if (delivery != null) {
            p.setDeliveryAnnotations(new DeliveryAnnotations(symbols(delivery)));
        }
        if (annotations != null) {
            p.setMessageAnnotations(new MessageAnnotations(symbols(annotations)));
        }
        p.setSubject("subject");
        p.setBody(body instanceof byte[] b ? new Data(new Binary(b)) : new AmqpValue(body));
        if (footer) {
            p.setFooter(new Footer(Map.of(Symbol.valueOf("f"), "footer")));
        }
        return Message.fromProton(p);
    }

    private static Map<Symbol, Object> symbols(Map<String, Object> m) {
        Map<Symbol, Object> out = new HashMap<>();
        m.forEach((k, v) -> out.put(Symbol.valueOf(k), v));
        return out;
    }

    @Test
    void splicingGivesTheSameMessageAsReEncoding() {
        List<Message> messages = List.of(
                MessageBuilder.create().body("plain").build(),
                proton(true, null, null, "header only", false),
                proton(true, Map.of("x-opt-d", "da"), Map.of("x-opt-jms-msg-type", (byte) 5, "x-opt-a", 1L),
                        "everything", true),
                proton(false, null, Map.of("x-opt-big", "v".repeat(400)), new byte[3000], false),
                proton(false, Map.of("x-opt-d", 1), null, new byte[] {1, 2}, true),
                proton(false, null, Map.of(), "empty annotations", false));
        for (Message m : messages) {
            byte[] spliced = StreamAnnotator.splice(m.encoded(), 3, 1L << 40);
            assertNotNull(spliced, "spliced");
            Message fast = Message.decode(spliced);
            Message slow = m.withMessageAnnotations(Map.of(JmsMapping.STREAM_PARTITION, 3,
                    JmsMapping.STREAM_OFFSET, 1L << 40));
            assertEquals(3, fast.messageAnnotation(JmsMapping.STREAM_PARTITION));
            assertEquals(1L << 40, fast.messageAnnotation(JmsMapping.STREAM_OFFSET));
            assertEquals(slow.messageAnnotationNames(), fast.messageAnnotationNames());
            for (String name : slow.messageAnnotationNames()) {
                assertEquals(slow.messageAnnotation(name), fast.messageAnnotation(name), name);
            }
            assertEquals(slow.subject(), fast.subject());
            assertEquals(slow.priority(), fast.priority());
            assertEquals(slow.durable(), fast.durable());
            org.apache.qpid.proton.message.Message a = slow.toProton();
            org.apache.qpid.proton.message.Message b = fast.toProton();
            assertEquals(String.valueOf(a.getBody()), String.valueOf(b.getBody()));
            assertEquals(String.valueOf(a.getFooter()), String.valueOf(b.getFooter()));
            assertEquals(String.valueOf(a.getDeliveryAnnotations()), String.valueOf(b.getDeliveryAnnotations()));
        }
    }

    @Test
    void aMessageAlreadyCarryingStreamAnnotationsTakesTheSlowPathAndGetsTheNewValues() {
        Message once = StreamAnnotator.annotate(MessageBuilder.create().body("x").build(), 1, 5);
        assertNull(StreamAnnotator.splice(once.encoded(), 2, 9));
        Message twice = StreamAnnotator.annotate(once, 2, 9);
        assertEquals(2, twice.messageAnnotation(JmsMapping.STREAM_PARTITION));
        assertEquals(9L, twice.messageAnnotation(JmsMapping.STREAM_OFFSET));
    }

    @Test
    void bytesThatAreNotSectionsAreLeftToTheSlowPath() {
        assertNull(StreamAnnotator.splice(new byte[] {0x00, 0x53}, 0, 0));
        assertNull(StreamAnnotator.splice(new byte[] {0x42}, 0, 0));
        assertNull(StreamAnnotator.splice(new byte[] {0x00, 0x53, 0x72, (byte) 0xd1, 0x7f, 0, 0, 0}, 0, 0));
    }
}
