package io.tributary.jms.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.message.AmqpCodec;
import io.tributary.core.message.JmsMapping;
import io.tributary.jms.TributaryQueue;
import io.tributary.jms.TributaryTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

/** The OASIS AMQP JMS Mapping as the facade writes and reads it, checked on the encoded AMQP message. */
class AmqpJmsMappingTest {

    private static Message encoded(TributaryMessage m) throws Exception {
        m.storeBody();
        return AmqpCodec.decode(m.facade().encode());
    }

    private static Object annotation(Message p, String name) {
        return p.getMessageAnnotations().getValue().get(Symbol.valueOf(name));
    }

    @Test
    void headersGoWhereTheMappingSays() throws Exception {
        TributaryMessage m = Messages.create(JmsMapping.TEXT_MESSAGE_TYPE);
        ((TextMessage) m).setText("t");
        m.setJMSDestination(new TributaryTopic("prices"));
        m.setJMSReplyTo(new TributaryQueue("replies"));
        m.setJMSType("quote");
        m.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
        m.setJMSPriority(7);
        m.setJMSTimestamp(1000);
        m.setJMSExpiration(5000);
        m.setJMSDeliveryTime(3000);
        m.setJMSMessageID("ID:abc");
        m.setStringProperty("JMSXGroupID", "g");
        m.setIntProperty("JMSXGroupSeq", 2);
        Message p = encoded(m);
        assertEquals(JmsMapping.TEXT_MESSAGE_TYPE, annotation(p, JmsMapping.MSG_TYPE));
        assertEquals("prices", p.getAddress());
        assertEquals(JmsMapping.TOPIC_DEST, annotation(p, JmsMapping.DEST));
        assertEquals("replies", p.getReplyTo());
        assertEquals(JmsMapping.QUEUE_DEST, annotation(p, JmsMapping.REPLY_TO));
        assertEquals("quote", annotation(p, JmsMapping.JMS_TYPE));
        assertTrue(p.isDurable());
        assertEquals(7, p.getPriority());
        assertEquals(1000, p.getCreationTime());
        assertEquals(5000, p.getExpiryTime());
        assertEquals(3000, ((Date) annotation(p, JmsMapping.DELIVERY_TIME)).getTime());
        assertEquals("ID:abc", p.getMessageId());
        assertEquals("g", p.getGroupId());
        assertEquals(2, p.getGroupSequence());
        assertEquals(new AmqpValue("t").getValue(), ((AmqpValue) p.getBody()).getValue());
    }

    @Test
    void bodiesUseTheMappedSections() throws Exception {
        TributaryMessage bytes = Messages.create(JmsMapping.BYTES_MESSAGE_TYPE);
        ((BytesMessage) bytes).writeByte((byte) 1);
        Message b = encoded(bytes);
        assertInstanceOf(Data.class, b.getBody());
        assertEquals("application/octet-stream", b.getContentType());
        TributaryMessage map = Messages.create(JmsMapping.MAP_MESSAGE_TYPE);
        ((MapMessage) map).setInt("k", 1);
        assertInstanceOf(Map.class, ((AmqpValue) encoded(map).getBody()).getValue());
        TributaryMessage stream = Messages.create(JmsMapping.STREAM_MESSAGE_TYPE);
        ((StreamMessage) stream).writeInt(1);
        assertInstanceOf(AmqpSequence.class, encoded(stream).getBody());
        TributaryMessage object = Messages.create(JmsMapping.OBJECT_MESSAGE_TYPE);
        ((ObjectMessage) object).setObject("s");
        assertEquals(JmsMapping.SERIALIZED_JAVA_OBJECT, encoded(object).getContentType());
    }

    @Test
    void plainAmqpMessagesAreTypedByTheirBody() {
        assertInstanceOf(TextMessage.class, wrap(new AmqpValue("x")));
        assertInstanceOf(MapMessage.class, wrap(new AmqpValue(Map.of("a", 1))));
        assertInstanceOf(StreamMessage.class, wrap(new AmqpValue(List.of(1))));
        assertInstanceOf(StreamMessage.class, wrap(new AmqpSequence(List.of(1))));
        assertInstanceOf(BytesMessage.class, wrap(new Data(new Binary(new byte[] {1}))));
        assertEquals(TributaryMessage.class, wrap(null).getClass());
    }

    private static TributaryMessage wrap(Section body) {
        Message p = Message.Factory.create();
        p.setBody(body);
        return Messages.wrap(AmqpMessageFacade.decode(AmqpCodec.encode(p)));
    }

    @Test
    void nonStringMessageIdsRoundTripThroughTheirJmsForm() throws Exception {
        UUID uuid = UUID.randomUUID();
        for (Object id : new Object[] {uuid, UnsignedLong.valueOf(42), new Binary(new byte[] {10, 11}), "plain"}) {
            Message p = Message.Factory.create();
            p.setMessageId(id);
            TributaryMessage m = Messages.wrap(AmqpMessageFacade.decode(AmqpCodec.encode(p)));
            String jmsId = m.getJMSMessageID();
            assertTrue(jmsId.startsWith("ID:"), jmsId);
            TributaryMessage reply = Messages.create(JmsMapping.MESSAGE_TYPE);
            reply.setJMSCorrelationID(jmsId);
            assertEquals(id, encoded(reply).getCorrelationId(), "a reply correlates with the original AMQP id");
        }
    }

    @Test
    void aCorrelationIdClaimingAnAmqpTypeItDoesNotHoldIsRefusedNamingIt() {
        TributaryMessage m = Messages.create(JmsMapping.MESSAGE_TYPE);
        JMSException e = assertThrows(JMSException.class, () -> m.setJMSCorrelationID("ID:AMQP_ULONG:twelve"));
        assertTrue(e.getMessage().contains("'ID:AMQP_ULONG:twelve'"), e.getMessage());
    }

    @Test
    void deliveryCountMapsToJmsxDeliveryCountAndRedelivered() throws Exception {
        Message p = Message.Factory.create();
        p.setDeliveryCount(2);
        TributaryMessage m = Messages.wrap(AmqpMessageFacade.decode(AmqpCodec.encode(p)));
        m.onReceive(null);
        assertTrue(m.getJMSRedelivered());
        assertEquals(3, m.getIntProperty("JMSXDeliveryCount"));
        assertNull(m.getJMSType());
    }
}
