package io.tributary.core.message;

import static io.tributary.core.message.TestEncodings.concat;
import static io.tributary.core.message.TestEncodings.mapOfK;
import static io.tributary.core.message.TestEncodings.nestedLists;
import static io.tributary.core.message.TestEncodings.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.junit.jupiter.api.Test;

class EncodingWalkerTest {

    private static void walk(byte[] bytes) {
        EncodingWalker.skipAll(ByteBuffer.wrap(bytes), EncodingWalker.MAX_DEPTH);
    }

    private static String rejection(byte[] bytes) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> walk(bytes));
        return e.getMessage();
    }

    @Test
    void acceptsWhatProtonEncodesForEveryMessageSection() {
        org.apache.qpid.proton.message.Message p = org.apache.qpid.proton.message.Message.Factory.create();
        p.setDurable(true);
        p.setPriority((short) 7);
        p.setMessageAnnotations(new MessageAnnotations(Map.of(Symbol.valueOf("x-opt-a"), new Long[] {1L, 2L, 3L})));
        Properties props = new Properties();
        props.setMessageId(new UnsignedLong(5));
        props.setTo("orders");
        p.setProperties(props);
        p.setApplicationProperties(new ApplicationProperties(Map.of("colour", "red", "n", 42L)));
        p.setBody(new AmqpValue(List.of(Map.of("a", List.of(1, 2.5, "x")), new String[] {"s", "t"},
                new Symbol[] {Symbol.valueOf("y")})));
        byte[] bytes = AmqpCodec.encode(p);
        ByteBuffer buf = ByteBuffer.wrap(bytes);

        EncodingWalker.skipAll(buf, EncodingWalker.MAX_DEPTH);

        assertFalse(buf.hasRemaining());
    }

    @Test
    void acceptsNestingUpToTheLimitAndRefusesOneLevelMore() {
        walk(nestedLists(EncodingWalker.MAX_DEPTH));
        String m = rejection(nestedLists(EncodingWalker.MAX_DEPTH + 1));
        assertTrue(m.contains("deeper than " + EncodingWalker.MAX_DEPTH + " levels"), m);
    }

    @Test
    void refusesThousandsOfLevelsWithoutOverflowingTheStack() {
        assertTrue(rejection(nestedLists(5000)).contains("nests deeper"));
        byte[] described = new byte[20_000];
        described[described.length - 1] = 0x40;
        assertTrue(rejection(described).contains("described value nests deeper"));
    }

    @Test
    void refusesACountLargerThanTheBytesThatHoldIt() {
        ByteBuffer b = ByteBuffer.allocate(9).put((byte) 0xd0).putInt(4).putInt(Integer.MAX_VALUE);
        String m = rejection(b.array());
        assertTrue(m.contains("declares 2147483647 values in 0 bytes"), m);
        ByteBuffer array = ByteBuffer.allocate(10).put((byte) 0xf0).putInt(5).putInt(-1).put((byte) 0x40);
        assertTrue(rejection(array.array()).contains("4294967295 values"));
    }

    @Test
    void refusesASizeThatRunsPastTheInputOrItsContainer() {
        assertTrue(rejection(new byte[] {(byte) 0xa1, 10, 'a', 'b'}).contains("truncated"));
        byte[] listHoldingALongString = {(byte) 0xc0, 4, 1, (byte) 0xa1, 9, 'a', 'b'};
        assertTrue(rejection(listHoldingALongString).contains("its container at byte 0"));
        byte[] listWithRoomLeft = {(byte) 0xc0, 4, 1, 0x40, 0x40, 0x40};
        assertTrue(rejection(listWithRoomLeft).contains("before the end its size declares"));
    }

    @Test
    void aRefusedWalkLeavesNothingBehindForTheThreadsNextWalk() {
        // a walk stopped deep inside nested lists, then walks of valid and shallow input on the same thread
        rejection(nestedLists(EncodingWalker.MAX_DEPTH + 1));
        walk(nestedLists(EncodingWalker.MAX_DEPTH));
        byte[] truncated = {(byte) 0xc0, 10, 3, (byte) 0xc0, 1, 0};
        rejection(truncated);
        ByteBuffer scalar = ByteBuffer.wrap(new byte[] {0x52, 7, 0x41});
        EncodingWalker.skipValue(scalar, EncodingWalker.MAX_DEPTH);
        assertEquals(2, scalar.position());
        // each walk has its own depth limit
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> EncodingWalker.skipValue(ByteBuffer.wrap(nestedLists(3)), 2));
        assertTrue(e.getMessage().contains("deeper than 2 levels"), e.getMessage());
        ByteBuffer three = ByteBuffer.wrap(nestedLists(3));
        EncodingWalker.skipValue(three, 3);
        assertFalse(three.hasRemaining());
    }

    @Test
    void refusesUnknownTypeCodesAndOddMaps() {
        assertTrue(rejection(new byte[] {0x57, 1}).contains("unknown type code 0x57"));
        assertTrue(rejection(new byte[] {(byte) 0xc1, 2, 1, 0x40}).contains("odd number"));
    }

    @Test
    void messagesNestedTooDeeplyAreRefusedNamingTheLimitInEverySection() {
        byte[] deepProperties = section(0x74, mapOfK(nestedLists(3000)));
        byte[] body = section(0x77, new byte[] {(byte) 0xa1, 1, 'b'});
        byte[] message = concat(deepProperties, body);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Message.decode(message));
        assertTrue(e.getMessage().contains("at most " + EncodingWalker.MAX_DEPTH + " levels"), e.getMessage());
        assertThrows(MalformedMessageException.class, () -> Message.wrap(message).applicationProperties());

        byte[] deepBody = concat(section(0x70, new byte[] {0x45}), section(0x77, nestedLists(3000)));
        e = assertThrows(MalformedMessageException.class, () -> Message.decode(deepBody));
        assertTrue(e.getMessage().contains("at most " + EncodingWalker.MAX_DEPTH + " levels"), e.getMessage());
        assertThrows(MalformedMessageException.class, () -> AmqpCodec.decode(deepBody));
        assertEquals(Message.DEFAULT_PRIORITY, Message.wrap(deepBody).priority(), "the lazy path reads the header");
    }

    @Test
    void aMalformedSectionIsDescribedWithoutJavaClassNames() {
        // a header whose durable field is a string, application properties with a number as a key
        byte[] header = section(0x70, new byte[] {(byte) 0xc0, 4, 1, (byte) 0xa1, 1, 'x'});
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Message.decode(concat(header, section(0x77, new byte[] {0x40}))));
        assertTrue(e.getMessage().contains("Expected Boolean type"), e.getMessage());
        assertFalse(e.getMessage().contains("java."), e.getMessage());
        byte[] intKey = {(byte) 0xc1, 4, 2, 0x54, 7, 0x40};
        e = assertThrows(MalformedMessageException.class,
                () -> Message.decode(concat(section(0x74, intKey), section(0x77, new byte[] {0x40}))));
        assertTrue(e.getMessage().contains("Expected String type"), e.getMessage());
        assertFalse(e.getMessage().contains("java."), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
}
