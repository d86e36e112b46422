package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Message types and body rules: Jakarta Messaging 3.1 "Message body" (read-only and write-only states) and the
 * StreamMessage/MapMessage conversion tables.
 */
public abstract class MessageTypesConformanceTest extends ConformanceBase {

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

    private <T extends Message> T roundTrip(T m) throws Exception {
        producer.send(m);
        @SuppressWarnings("unchecked")
        T got = (T) consumer.receive(RECEIVE_TIMEOUT);
        return got;
    }

    @Test
    void textMessageBodySurvivesTheTrip() throws Exception {
        TextMessage got = roundTrip(session.createTextMessage("héllo ✓"));
        assertEquals("héllo ✓", got.getText());
        assertEquals("héllo ✓", got.getBody(String.class));
        assertThrows(MessageNotWriteableException.class, () -> got.setText("x"));
        got.clearBody();
        got.setText("writable after clearBody");
    }

    @Test
    void bytesMessageWritesAndReadsEveryType() throws Exception {
        BytesMessage m = session.createBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) 7);
        m.writeShort((short) 300);
        m.writeChar('z');
        m.writeInt(70000);
        m.writeLong(1L << 40);
        m.writeFloat(1.5f);
        m.writeDouble(2.25);
        m.writeUTF("utf");
        m.writeBytes(new byte[] {1, 2, 3});
        m.writeObject(Integer.valueOf(9));
        assertThrows(MessageNotReadableException.class, m::readBoolean);
        BytesMessage got = roundTrip(m);
        assertTrue(got.readBoolean());
        assertEquals(7, got.readByte());
        assertEquals(300, got.readShort());
        assertEquals('z', got.readChar());
        assertEquals(70000, got.readInt());
        assertEquals(1L << 40, got.readLong());
        assertEquals(1.5f, got.readFloat());
        assertEquals(2.25, got.readDouble());
        assertEquals("utf", got.readUTF());
        byte[] three = new byte[3];
        assertEquals(3, got.readBytes(three));
        assertArrayEquals(new byte[] {1, 2, 3}, three);
        assertEquals(9, got.readInt());
        assertThrows(MessageEOFException.class, got::readByte);
        assertEquals(-1, got.readBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> got.writeInt(1));
        got.reset();
        assertTrue(got.readBoolean());
        assertTrue(got.getBodyLength() > 0);
        BytesMessage fresh = session.createBytesMessage();
        assertThrows(MessageFormatException.class, () -> fresh.writeObject(new Object()));
    }

    @Test
    void mapMessageHoldsNamedValuesWithConversions() throws Exception {
        MapMessage m = session.createMapMessage();
        m.setInt("i", 42);
        m.setString("s", "77");
        m.setBytes("b", new byte[] {5});
        m.setChar("c", 'q');
        m.setBoolean("flag", true);
        m.setObject("d", 1.25d);
        MapMessage got = roundTrip(m);
        assertEquals(42, got.getInt("i"));
        assertEquals(42L, got.getLong("i"));
        assertEquals("42", got.getString("i"));
        assertEquals(77, got.getInt("s"));
        assertArrayEquals(new byte[] {5}, got.getBytes("b"));
        assertEquals('q', got.getChar("c"));
        assertTrue(got.getBoolean("flag"));
        assertEquals(1.25d, got.getDouble("d"));
        assertThrows(MessageFormatException.class, () -> got.getShort("i"), "int -> short is not allowed");
        assertThrows(MessageFormatException.class, () -> got.getString("b"));
        assertThrows(NumberFormatException.class, () -> got.getInt("missing"));
        assertNull(got.getString("missing"));
        assertFalse(got.getBoolean("missing"));
        assertTrue(got.itemExists("i"));
        List<String> names = new ArrayList<>();
        got.getMapNames().asIterator().forEachRemaining(n -> names.add((String) n));
        assertEquals(6, names.size());
        assertThrows(MessageNotWriteableException.class, () -> got.setInt("x", 1));
        assertEquals(42, got.getBody(Map.class).get("i"));
        assertThrows(IllegalArgumentException.class, () -> m.setInt(null, 1));
    }

    @Test
    void streamMessageReadsInOrderWithConversionsAndKeepsThePositionOnAFailedConversion() throws Exception {
        StreamMessage m = session.createStreamMessage();
        m.writeString("12");
        m.writeInt(5);
        m.writeBytes(new byte[] {1, 2, 3, 4});
        m.writeObject(null);
        m.writeChar('x');
        StreamMessage got = roundTrip(m);
        assertThrows(MessageFormatException.class, got::readChar, "String cannot be read as char");
        assertEquals(12, got.readLong());
        assertEquals("5", got.readString());
        byte[] two = new byte[2];
        assertEquals(2, got.readBytes(two));
        assertEquals(2, got.readBytes(two));
        assertEquals(-1, got.readBytes(two));
        assertNull(got.readString());
        assertEquals('x', got.readChar());
        assertThrows(MessageEOFException.class, got::readInt);
        got.reset();
        assertEquals("12", got.readString());
        assertThrows(MessageNotWriteableException.class, () -> got.writeInt(1));
        assertThrows(MessageFormatException.class, () -> got.getBody(Object.class));
        StreamMessage writing = session.createStreamMessage();
        assertThrows(MessageNotReadableException.class, writing::readInt);
    }

    @Test
    void objectMessageCarriesASerializedCopy() throws Exception {
        ArrayList<String> list = new ArrayList<>(List.of("a", "b"));
        ObjectMessage m = session.createObjectMessage(list);
        list.add("changed after set");
        ObjectMessage got = roundTrip(m);
        assertEquals(List.of("a", "b"), got.getObject());
        assertTrue(got.isBodyAssignableTo(ArrayList.class));
        assertFalse(got.isBodyAssignableTo(String.class));
        assertThrows(MessageNotWriteableException.class, () -> got.setObject("x"));
    }

    @Test
    void aPlainMessageHasNoBody() throws Exception {
        Message got = roundTrip(session.createMessage());
        assertNull(got.getBody(Object.class));
        assertTrue(got.isBodyAssignableTo(String.class));
    }

    @Test
    void getBodyOfTheWrongTypeThrowsMessageFormatException() throws Exception {
        TextMessage got = roundTrip(session.createTextMessage("t"));
        assertThrows(MessageFormatException.class, () -> got.getBody(Integer.class));
        assertFalse(got.isBodyAssignableTo(byte[].class));
    }
}
