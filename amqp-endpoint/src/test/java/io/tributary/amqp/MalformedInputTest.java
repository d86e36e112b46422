package io.tributary.amqp;

import static io.tributary.amqp.FrameClient.anonymousOpen;
import static io.tributary.amqp.FrameClient.attach;
import static io.tributary.amqp.FrameClient.begin;
import static io.tributary.amqp.FrameClient.concat;
import static io.tributary.amqp.FrameClient.rawFrame;
import static io.tributary.core.message.TestEncodings.mapOfK;
import static io.tributary.core.message.TestEncodings.nestedLists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.message.EncodingWalker;
import jakarta.jms.Connection;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SessionError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

/**
 * Malformed frames and messages: each is answered with the condition the AMQP specification assigns and a
 * description for a person, logged once at DEBUG without a stack trace, and the broker serves everyone else.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedInputTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static final byte[] OPEN_AND_BEGIN = concat(anonymousOpen(), begin(0));

    /** Sends {@code bytes}, expects the broker to close with {@code condition}; answers the close's error. */
    private static ErrorCondition closedWith(byte[] bytes, Symbol condition) throws Exception {
        long mark = LogCapture.position();
        ErrorCondition error;
        String peer;
        try (FrameClient client = new FrameClient(broker.server().port())) {
            peer = client.peer();
            error = client.send(bytes).readUntilClosed().closeError();
        }
        assertNotNull(error, "the broker closed with an error");
        assertEquals(condition, error.getCondition(), error.getDescription());
        String description = error.getDescription();
        for (String javaName : List.of("Exception", "java.", "org.apache", "Error:")) {
            assertFalse(description.contains(javaName), "no Java class names: " + description);
        }
        assertLoggedOnceQuietly(mark, peer, condition.toString());
        assertServesOthers();
        return error;
    }

    /** One DEBUG or INFO line for the connection, naming the condition, and nothing at WARN or with a stack trace. */
    static void assertLoggedOnceQuietly(long mark, String peer, String condition) {
        List<LogCapture.Event> lines = LogCapture.broker(mark, e -> e.message().contains(peer)
                && e.message().contains(condition));
        assertEquals(1, lines.size(), "one line for " + peer + ": " + LogCapture.since(mark));
        assertTrue(lines.get(0).level().toInt() <= Level.INFO.toInt(), lines.get(0).toString());
        assertEquals(List.of(), LogCapture.problems(mark));
    }

    private static void assertServesOthers() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("malformed.healthy");
            s.createProducer(q).send(s.createTextMessage("still serving"));
            assertEquals("still serving", ((TextMessage) s.createConsumer(q).receive(5000)).getText());
        }
    }

    /** An attach body: a list32 holding name "x", handle 0, role sender, then {@code more}. */
    private static byte[] attachBody(byte[] more) {
        ByteBuffer b = ByteBuffer.allocate(3 + 9 + 5 + more.length);
        b.put(new byte[] {0x00, 0x53, 0x12}).put((byte) 0xd0).putInt(4 + 5 + more.length).putInt(4)
                .put(new byte[] {(byte) 0xa1, 1, 'x', 0x43, 0x42}).put(more);
        return b.array();
    }

    @Test
    void aListCountLargerThanTheFrameClosesWithDecodeError() throws Exception {
        byte[] body = {0x00, 0x53, 0x12, (byte) 0xd0, 0, 0, 0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        ErrorCondition e = closedWith(concat(OPEN_AND_BEGIN, rawFrame(0, 0, body)), AmqpError.DECODE_ERROR);
        assertTrue(e.getDescription().contains("declares 2147483647 values in 0 bytes"), e.getDescription());
    }

    @Test
    void aFrameShorterThanItsPerformativeClosesWithDecodeError() throws Exception {
        byte[] attach = attach(0, 0, true, "malformed.short");
        byte[] cut = Arrays.copyOf(attach, attach.length - 10);
        ByteBuffer.wrap(cut).putInt(0, cut.length);
        ErrorCondition e = closedWith(concat(OPEN_AND_BEGIN, cut), AmqpError.DECODE_ERROR);
        assertTrue(e.getDescription().contains("truncated"), e.getDescription());
    }

    @Test
    void aPerformativeNestedTenThousandLevelsClosesWithDecodeErrorNamingTheLimit() throws Exception {
        byte[] deep = rawFrame(0, 0, attachBody(nestedLists(10_000)));
        ErrorCondition e = closedWith(concat(OPEN_AND_BEGIN, deep), AmqpError.DECODE_ERROR);
        assertTrue(e.getDescription().contains("at most " + EncodingWalker.MAX_DEPTH + " levels"), e.getDescription());
    }

    @Test
    void aFlowOnAHandleNeverAttachedClosesWithUnattachedHandle() throws Exception {
        ErrorCondition e = closedWith(concat(OPEN_AND_BEGIN, FrameClient.flow(0, 7, 10)),
                SessionError.UNATTACHED_HANDLE);
        assertTrue(e.getDescription().contains("handle 7"), e.getDescription());
    }

    @Test
    void aBeginAboveTheChannelMaxClosesWithFramingError() throws Exception {
        ErrorCondition e = closedWith(concat(anonymousOpen(), begin(300)), ConnectionError.FRAMING_ERROR);
        assertTrue(e.getDescription().contains("channel 300, above the channel-max 255"), e.getDescription());
    }

    @Test
    void fieldsOfTheWrongTypeCloseWithDecodeErrorWithoutJavaClassNames() throws Exception {
        // Proton-J's own decoder refuses these and closes the transport itself; its description names its exception
        byte[] open = {0x00, 0x53, 0x10, (byte) 0xc0, 2, 1, 0x43}; // container-id is a uint
        ErrorCondition e = closedWith(concat(FrameClient.anonymousLogin(), rawFrame(0, 0, open)),
                AmqpError.DECODE_ERROR);
        assertTrue(e.getDescription().startsWith("the broker could not read the frames from this client"),
                e.getDescription());
        byte[] transfer = {0x00, 0x53, 0x14, (byte) 0xc0, 8, 3, 0x43, (byte) 0xa1, 1, 'x', (byte) 0xa0, 1, 't'};
        e = closedWith(concat(OPEN_AND_BEGIN, attach(0, 0, true, "malformed.transfer"), rawFrame(0, 0, transfer)),
                AmqpError.DECODE_ERROR); // its delivery-id is a string
        assertTrue(e.getDescription().contains("Expected UnsignedInteger type"), e.getDescription());
    }

    @Test
    void aMessageNestedTooDeeplyIsRejectedWithDecodeErrorAndTheLinkCarriesOn() throws Exception {
        long mark = LogCapture.position();
        try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
            Sender sender = client.sender("malformed.deep-message");
            byte[] deepBody = concat(new byte[] {0x00, 0x53, 0x77}, nestedLists(10_000));
            byte[] deepProperties = concat(new byte[] {0x00, 0x53, 0x74}, mapOfK(nestedLists(10_000)),
                    new byte[] {0x00, 0x53, 0x77, 0x40});
            for (byte[] payload : List.of(deepBody, deepProperties)) {
                Delivery d = client.send(sender, payload, null);
                Rejected rejected = assertInstanceOf(Rejected.class, d.getRemoteState());
                assertEquals(AmqpError.DECODE_ERROR, rejected.getError().getCondition());
                assertTrue(rejected.getError().getDescription().contains("at most " + EncodingWalker.MAX_DEPTH
                        + " levels"), rejected.getError().getDescription());
            }
            byte[] fine = concat(new byte[] {0x00, 0x53, 0x77}, nestedLists(50));
            assertInstanceOf(Accepted.class, client.send(sender, fine, null).getRemoteState());
        }
        assertEquals(List.of(), LogCapture.problems(mark));
    }
}
