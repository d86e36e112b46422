package io.tributary.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.Date;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageFilterableTest {

    private static final UUID UUID_ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    private static Message fullMessage() {
        return MessageBuilder.create()
                .durable(true)
                .priority(7)
                .messageId("ID:abc-1")
                .correlationId("order-17")
                .creationTime(1_700_000_000_000L)
                .subject("the-subject")
                .annotation(JmsMapping.JMS_TYPE, "order")
                .group("g1", 3)
                .userId("alice")
                .to("orders")
                .replyTo("replies")
                .absoluteExpiryTime(1_800_000_000_000L)
                .property("color", "red")
                .property("count", 5)
                .property("JMS_vendor", true)
                .body("hello")
                .build();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            JMSDeliveryMode = 'PERSISTENT'
            JMSPriority = 7
            JMSPriority > 4 AND JMSPriority BETWEEN 5 AND 9
            JMSMessageID = 'ID:abc-1'
            JMSCorrelationID = 'order-17'
            JMSTimestamp = 1700000000000
            JMSType = 'order'
            JMSXDeliveryCount = 3
            JMSXGroupID = 'g1'
            JMSXGroupSeq = 3
            JMSXUserID = 'alice'
            color = 'red' AND count > 4
            JMS_vendor
            JMSDestination IS NULL AND JMSReplyTo IS NULL AND JMSExpiration IS NULL
            JMSRedelivered IS NULL AND JMSDeliveryTime IS NULL
            missing IS NULL
            """)
    void mapsHeadersAndPropertiesOfAFullMessage(String selector) {
        assertTrue(Selector.parse(selector).matches(MessageFilterable.of(fullMessage(), 2)), selector);
    }

    @Test
    void usesDefaultsForABareMessage() {
        Filterable f = MessageFilterable.of(MessageBuilder.create().body("x").build(), 0);
        assertEquals("NON_PERSISTENT", f.identifier("JMSDeliveryMode"));
        assertEquals(4, f.identifier("JMSPriority"));
        assertEquals(1, f.identifier("JMSXDeliveryCount"));
        assertNull(f.identifier("JMSMessageID"));
        assertNull(f.identifier("JMSCorrelationID"));
        assertNull(f.identifier("JMSTimestamp"));
        assertNull(f.identifier("JMSType"));
        assertNull(f.identifier("JMSXGroupID"));
        assertNull(f.identifier("JMSXGroupSeq"));
        assertNull(f.identifier("JMSXUserID"));
        assertNull(f.identifier("color"));
    }

    @Test
    void takesJmsTypeFromTheSubjectWithoutTheAnnotation() {
        Filterable f = MessageFilterable.of(MessageBuilder.create().subject("invoice").build(), 0);
        assertEquals("invoice", f.identifier("JMSType"));
    }

    @Test
    void prefersTheJmsTypeAnnotationOverTheSubject() {
        Message m = MessageBuilder.create().subject("invoice").annotation(JmsMapping.JMS_TYPE, "order").build();
        assertEquals("order", MessageFilterable.of(m, 0).identifier("JMSType"));
    }

    @Test
    void rendersMessageIdsInTheirJmsStringForms() {
        assertEquals("ID:AMQP_NO_PREFIX:plain", messageId("plain"));
        assertEquals("ID:x", messageId("ID:x"));
        assertEquals("ID:AMQP_STRING:ID:AMQP_UUID:x", messageId("ID:AMQP_UUID:x"));
        assertEquals("ID:AMQP_UUID:" + UUID_ID, messageId(UUID_ID));
        assertEquals("ID:AMQP_ULONG:42", messageId(UnsignedLong.valueOf(42)));
        assertEquals("ID:AMQP_BINARY:01AB", messageId(new Binary(new byte[] {1, (byte) 0xAB})));
    }

    @Test
    void rendersCorrelationIdsInTheirJmsStringForms() {
        assertEquals("plain", correlationId("plain"));
        assertEquals("ID:x", correlationId("ID:x"));
        assertEquals("ID:AMQP_STRING:ID:AMQP_BINARY:x", correlationId("ID:AMQP_BINARY:x"));
        assertEquals("ID:AMQP_UUID:" + UUID_ID, correlationId(UUID_ID));
        assertEquals("ID:AMQP_ULONG:7", correlationId(UnsignedLong.valueOf(7)));
        assertEquals("ID:AMQP_BINARY:FF00", correlationId(new Binary(new byte[] {(byte) 0xFF, 0})));
    }

    @Test
    void selectsOnAUuidMessageIdByItsJmsString() {
        Message m = MessageBuilder.create().messageId(UUID_ID).build();
        Selector s = Selector.parse("JMSMessageID = 'ID:AMQP_UUID:" + UUID_ID + "'");
        assertTrue(s.matches(MessageFilterable.of(m, 0)));
    }

    @Test
    void widensAmqpPropertyTypesToSelectorTypes() {
        Message m = MessageBuilder.create()
                .property("ub", UnsignedByte.valueOf((byte) 200))
                .property("us", UnsignedShort.valueOf((short) 40000))
                .property("ui", UnsignedInteger.valueOf(3_000_000_000L))
                .property("ul", UnsignedLong.valueOf(5))
                .property("ulBig", UnsignedLong.valueOf("18446744073709551615"))
                .property("ch", 'z')
                .property("sym", Symbol.valueOf("blue"))
                .property("ts", new Date(1234))
                .property("bin", new Binary(new byte[] {1}))
                .build();
        Filterable f = MessageFilterable.of(m, 0);
        assertEquals((short) 200, f.identifier("ub"));
        assertEquals(40000, f.identifier("us"));
        assertEquals(3_000_000_000L, f.identifier("ui"));
        assertEquals(5L, f.identifier("ul"));
        assertEquals(1.8446744073709552E19, f.identifier("ulBig"));
        assertEquals("z", f.identifier("ch"));
        assertEquals("blue", f.identifier("sym"));
        assertEquals(1234L, f.identifier("ts"));
        assertTrue(Selector.parse("ub > 100 AND us > 30000 AND ui > 2000000000 AND ch = 'z' AND sym = 'blue'")
                .matches(f));
        assertTrue(Selector.parse("bin IS NOT NULL").matches(f));
        assertFalse(Selector.parse("bin = 'x' OR bin = 1").matches(f));
    }

    @Test
    void comparesPropertiesWithoutTypeConversion() {
        Message m = MessageBuilder.create().property("NumberOfOrders", "2").build();
        assertFalse(Selector.parse("NumberOfOrders > 1").matches(MessageFilterable.of(m, 0)));
    }

    @Test
    void doesNotMatchADifferentMessage() {
        Message m = MessageBuilder.create().durable(false).priority(1).property("color", "blue").build();
        Filterable f = MessageFilterable.of(m, 0);
        assertFalse(Selector.parse("JMSDeliveryMode = 'PERSISTENT'").matches(f));
        assertFalse(Selector.parse("JMSPriority > 4").matches(f));
        assertFalse(Selector.parse("color = 'red'").matches(f));
        assertFalse(Selector.parse("JMSXDeliveryCount > 1").matches(f));
    }

    private static String messageId(Object id) {
        return (String) MessageFilterable.of(MessageBuilder.create().messageId(id).build(), 0)
                .identifier("JMSMessageID");
    }

    private static String correlationId(Object id) {
        return (String) MessageFilterable.of(MessageBuilder.create().correlationId(id).build(), 0)
                .identifier("JMSCorrelationID");
    }
}
