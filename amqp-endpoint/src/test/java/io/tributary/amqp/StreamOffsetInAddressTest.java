package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Qpid JMS application replays a stream with nothing but a destination name: the start position rides in the
 * address ({@code stream://orders?stream-offset=first}), as with the {@code vm://} provider.
 */
@Timeout(60)
class StreamOffsetInAddressTest {

    private TestBroker broker;
    private Connection connection;
    private Session session;

    @BeforeEach
    void start() throws JMSException {
        broker = TestBroker.start();
        connection = broker.connect();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stop() throws JMSException {
        connection.close();
        broker.close();
    }

    private void send(String... bodies) throws JMSException {
        MessageProducer p = session.createProducer(session.createTopic("stream://orders"));
        for (String b : bodies) {
            p.send(session.createTextMessage(b));
        }
        p.close();
    }

    private static List<String> receive(MessageConsumer c, int n) throws JMSException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TextMessage m = (TextMessage) c.receive(10_000);
            assertTrue(m != null, "got " + out + ", then nothing");
            out.add(m.getText());
        }
        return out;
    }

    @Test
    void aTopicNamedWithStreamOffsetFirstReplaysTheStream() throws JMSException {
        send("a", "b", "c");
        MessageConsumer replay = session.createConsumer(session.createTopic("stream://orders?stream-offset=first"));
        assertEquals(List.of("a", "b", "c"), receive(replay, 3));
    }

    @Test
    void anOffsetOrLastInTheAddressStartsThere() throws JMSException {
        send("a", "b", "c");
        MessageConsumer fromOne = session.createConsumer(session.createTopic("stream://orders?stream-offset=1"));
        assertEquals(List.of("b", "c"), receive(fromOne, 2));
        MessageConsumer last = session.createConsumer(session.createTopic("stream://orders?stream-offset=last"));
        assertEquals(List.of("c"), receive(last, 1));
    }

    @Test
    void withoutTheOptionAReaderStartsAtTheNextMessage() throws JMSException {
        send("old");
        MessageConsumer next = session.createConsumer(session.createTopic("stream://orders"));
        assertNull(next.receive(200), "a reader without a start position reads only what comes");
        send("new");
        assertEquals(List.of("new"), receive(next, 1));
    }

    @Test
    void aStartPositionThatIsNotOneIsRefusedNamingIt() {
        JMSException e = assertThrows(JMSException.class,
                () -> session.createConsumer(session.createTopic("stream://orders?stream-offset=soon")));
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
        assertTrue(e instanceof InvalidDestinationException || e.getMessage().contains("stream offset"),
                e.getMessage());
    }
}
