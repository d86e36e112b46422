package io.tributary.core.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.junit.jupiter.api.Test;

class JmsIdsTest {

    private static final UUID A_UUID = UUID.fromString("00000000-0000-0001-0000-000000000002");

    @Test
    void typedIdsReadWithTheirTypePrefixAsMessageAndCorrelationIds() {
        for (Object id : new Object[] {UnsignedLong.valueOf(42), A_UUID, new Binary(new byte[] {1, (byte) 0xAB})}) {
            assertEquals(JmsIds.messageId(id), JmsIds.correlationId(id));
        }
        assertEquals("ID:AMQP_ULONG:42", JmsIds.messageId(UnsignedLong.valueOf(42)));
        assertEquals("ID:AMQP_ULONG:18446744073709551615",
                JmsIds.messageId(UnsignedLong.valueOf("18446744073709551615")));
        assertEquals("ID:AMQP_UUID:" + A_UUID, JmsIds.messageId(A_UUID));
        assertEquals("ID:AMQP_BINARY:01AB", JmsIds.messageId(new Binary(new byte[] {1, (byte) 0xAB})));
        assertEquals("ID:AMQP_BINARY:AB", JmsIds.messageId(new Binary(new byte[] {1, (byte) 0xAB, 2}, 1, 1)));
        assertEquals("ID:AMQP_BINARY:", JmsIds.messageId(new Binary(new byte[0])));
    }

    @Test
    void stringsWithoutIdPrefixAreMarkedAsMessageIdsAndKeptAsCorrelationIds() {
        assertEquals("ID:AMQP_NO_PREFIX:order-7", JmsIds.messageId("order-7"));
        assertEquals("order-7", JmsIds.correlationId("order-7"));
        assertEquals("ID:AMQP_NO_PREFIX:AMQP_ULONG:7", JmsIds.messageId("AMQP_ULONG:7"));
        assertEquals("AMQP_ULONG:7", JmsIds.correlationId("AMQP_ULONG:7"));
        assertEquals("ID:AMQP_NO_PREFIX:", JmsIds.messageId(""));
    }

    @Test
    void stringsThatLookLikeEncodedIdsAreEscapedAndOtherIdStringsKeptAsTheyAre() {
        for (String s : new String[] {"ID:AMQP_ULONG:7", "ID:AMQP_UUID:x", "ID:AMQP_BINARY:x", "ID:AMQP_STRING:x",
                "ID:AMQP_NO_PREFIX:x"}) {
            assertEquals("ID:AMQP_STRING:" + s, JmsIds.messageId(s));
            assertEquals("ID:AMQP_STRING:" + s, JmsIds.correlationId(s));
        }
        assertEquals("ID:order-7", JmsIds.messageId("ID:order-7"));
        assertEquals("ID:AMQP_OTHER:1", JmsIds.correlationId("ID:AMQP_OTHER:1"));
        assertEquals("ID:", JmsIds.messageId("ID:"));
    }

    @Test
    void everyIdComesBackAsItsAmqpValueOfItsOwnType() {
        Object[] ids = {UnsignedLong.valueOf(42), UnsignedLong.valueOf("18446744073709551615"), A_UUID,
                new Binary(new byte[] {1, (byte) 0xAB}), new Binary(new byte[0]), "ID:order-7", "order-7",
                "ID:AMQP_ULONG:7", "ID:AMQP_STRING:x", "ID:AMQP_NO_PREFIX:z", "AMQP_UUID:u", "", "ID:"};
        for (Object id : ids) {
            assertEquals(id, JmsIds.toAmqp(JmsIds.messageId(id)), "message-id " + id);
            assertEquals(id, JmsIds.toAmqp(JmsIds.correlationId(id)), "correlation-id " + id);
        }
        assertNull(JmsIds.messageId(null));
        assertNull(JmsIds.correlationId(null));
        assertNull(JmsIds.toAmqp(null));
    }

    @Test
    void hexDigitsOfEitherCaseSetABinaryId() {
        Binary b = (Binary) JmsIds.toAmqp("ID:AMQP_BINARY:0aFf");
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, b.getArray());
    }

    @Test
    void anEncodedIdThatDoesNotHoldItsTypeIsRefusedNamingIt() {
        String[][] cases = {
            {"ID:AMQP_ULONG:xyz", "an unsigned 64-bit decimal number"},
            {"ID:AMQP_ULONG:-1", "an unsigned 64-bit decimal number"},
            {"ID:AMQP_UUID:nope", "a UUID"},
            {"ID:AMQP_BINARY:abc", "an even number of hex digits"},
            {"ID:AMQP_BINARY:zz", "an even number of hex digits"}};
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmsIds.toAmqp(c[0]));
            assertTrue(e.getMessage().contains("'" + c[0] + "'") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aValueOfATypeNoAmqpIdMayHaveStillReadsAsAnIdString() {
        assertEquals("ID:5", JmsIds.messageId(5));
        assertEquals("ID:5", JmsIds.correlationId(5));
    }
}
