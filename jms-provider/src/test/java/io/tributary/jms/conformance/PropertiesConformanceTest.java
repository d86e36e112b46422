package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Message properties: Jakarta Messaging 3.1 "Message properties", "Property value conversion" (the table) and "JMS
 * defined properties".
 */
public abstract class PropertiesConformanceTest extends ConformanceBase {

    private Session session;
    private MessageProducer producer;
    private MessageConsumer consumer;

    @BeforeEach
    void open() throws Exception {
        session = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(session);
        producer = session.createProducer(q);
        consumer = session.createConsumer(q);
    }

    private Message roundTrip(Message m) throws Exception {
        producer.send(m);
        return consumer.receive(RECEIVE_TIMEOUT);
    }

    @Test
    void propertyValueConversion_everyPropertyTypeSurvivesTheTripAndConvertsAsTheTableSays() throws Exception {
        Message m = session.createMessage();
        m.setBooleanProperty("bool", true);
        m.setByteProperty("byte", (byte) 1);
        m.setShortProperty("short", (short) 2);
        m.setIntProperty("int", 3);
        m.setLongProperty("long", 4L);
        m.setFloatProperty("float", 5.5f);
        m.setDoubleProperty("double", 6.5);
        m.setStringProperty("string", "7");
        m.setObjectProperty("object", "true");
        Message got = roundTrip(m);
        assertTrue(got.getBooleanProperty("bool"));
        assertEquals("true", got.getStringProperty("bool"));
        assertEquals(1, got.getByteProperty("byte"));
        assertEquals(1, got.getShortProperty("byte"));
        assertEquals(1, got.getIntProperty("byte"));
        assertEquals(1L, got.getLongProperty("byte"));
        assertEquals(2, got.getIntProperty("short"));
        assertEquals(3L, got.getLongProperty("int"));
        assertEquals(4L, got.getLongProperty("long"));
        assertEquals(5.5, got.getDoubleProperty("float"));
        assertEquals(6.5, got.getDoubleProperty("double"));
        assertEquals(7, got.getIntProperty("string"));
        assertEquals(7.0, got.getDoubleProperty("string"));
        assertTrue(got.getBooleanProperty("object"));
        assertEquals(Integer.valueOf(3), got.getObjectProperty("int"));
    }

    @Test
    void propertyValueConversion_disallowedConversionsThrowMessageFormatException() throws Exception {
        Message m = session.createMessage();
        m.setIntProperty("int", 3);
        m.setBooleanProperty("bool", true);
        m.setDoubleProperty("double", 1.0);
        m.setLongProperty("long", 1L);
        assertThrows(MessageFormatException.class, () -> m.getShortProperty("int"));
        assertThrows(MessageFormatException.class, () -> m.getByteProperty("int"));
        assertThrows(MessageFormatException.class, () -> m.getIntProperty("bool"));
        assertThrows(MessageFormatException.class, () -> m.getFloatProperty("double"));
        assertThrows(MessageFormatException.class, () -> m.getIntProperty("long"));
        assertThrows(MessageFormatException.class, () -> m.getBooleanProperty("int"));
        m.setStringProperty("text", "abc");
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("text"));
    }

    @Test
    void propertyValueConversion_missingPropertiesReadAsValueOfNull() throws Exception {
        Message m = session.createMessage();
        assertNull(m.getStringProperty("none"));
        assertNull(m.getObjectProperty("none"));
        assertFalse(m.getBooleanProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("none"));
        assertThrows(NumberFormatException.class, () -> m.getLongProperty("none"));
        assertFalse(m.propertyExists("none"));
    }

    @Test
    void changingAReceivedMessage_receivedPropertiesAreReadOnlyUntilCleared() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("p", "v");
        Message got = roundTrip(m);
        assertThrows(MessageNotWriteableException.class, () -> got.setStringProperty("p", "w"));
        got.clearProperties();
        assertFalse(got.propertyExists("p"));
        got.setStringProperty("p", "w");
        assertEquals("w", got.getStringProperty("p"));
    }

    @Test
    void propertyNames_invalidPropertyNamesAndValuesAreRejected() throws Exception {
        Message m = session.createMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(null, 1));
        assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("", 1));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("o", new Object()));
        assertThrows(MessageFormatException.class, () -> m.setObjectProperty("o", new byte[1]));
    }

    @Test
    void getPropertyNamesListsTheApplicationProperties() throws Exception {
        Message m = session.createMessage();
        m.setIntProperty("a", 1);
        m.setStringProperty("b", "2");
        Message got = roundTrip(m);
        Set<String> names = new HashSet<>();
        got.getPropertyNames().asIterator().forEachRemaining(n -> names.add((String) n));
        assertTrue(names.containsAll(Set.of("a", "b")));
    }

    @Test
    void jmsDefinedProperties_groupPropertiesAndDeliveryCountAreSupported() throws Exception {
        Message m = session.createMessage();
        m.setStringProperty("JMSXGroupID", "g1");
        m.setIntProperty("JMSXGroupSeq", 3);
        Message got = roundTrip(m);
        assertEquals("g1", got.getStringProperty("JMSXGroupID"));
        assertEquals(3, got.getIntProperty("JMSXGroupSeq"));
        assertEquals(1, got.getIntProperty("JMSXDeliveryCount"));
        Set<String> supported = new HashSet<>();
        ConnectionMetaData md = connection().getMetaData();
        md.getJMSXPropertyNames().asIterator().forEachRemaining(n -> supported.add((String) n));
        assertTrue(supported.containsAll(Set.of("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount")));
    }

    @Test
    void jmsDefinedProperties_jmsxUserIdIsSupportedAndReadsAsTheStringTheBrokerSetOrNull() throws Exception {
        Set<String> supported = new HashSet<>();
        connection().getMetaData().getJMSXPropertyNames().asIterator()
                .forEachRemaining(n -> supported.add((String) n));
        assertTrue(supported.contains("JMSXUserID"), "supported: " + supported);
        Message got = roundTrip(session.createMessage());
        Object userId = got.getObjectProperty("JMSXUserID");
        assertTrue(userId == null || userId instanceof String, "JMSXUserID is a String: " + userId);
        Set<String> names = new HashSet<>();
        got.getPropertyNames().asIterator().forEachRemaining(n -> names.add((String) n));
        assertEquals(userId != null, names.contains("JMSXUserID"), "listed exactly when the message has one");
    }
}
