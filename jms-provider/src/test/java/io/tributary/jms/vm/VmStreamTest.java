package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams through the JMS API: a stream is a Topic; {@code ?stream-offset=} picks where a consumer starts. */
@Timeout(30)
class VmStreamTest {

    private final TributaryConnectionFactory factory =
            new TributaryConnectionFactory("vm://streams-" + UUID.randomUUID().toString().substring(0, 8));

    @Test
    void aConsumerFromFirstReplaysTheStreamAndASecondReaderSeesTheSameMessages() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            Topic stream = ctx.createTopic("stream://orders");
            ctx.createConsumer(stream).close(); // creates the stream
            JMSProducer producer = ctx.createProducer();
            for (int i = 0; i < 3; i++) {
                producer.send(stream, "m" + i);
            }
            for (int reader = 0; reader < 2; reader++) {
                try (JMSConsumer replay = ctx.createConsumer(ctx.createTopic("stream://orders?stream-offset=first"))) {
                    for (int i = 0; i < 3; i++) {
                        Message m = replay.receive(5_000);
                        assertNotNull(m, "reader " + reader + " message " + i);
                        assertEquals("m" + i, m.getBody(String.class));
                        assertEquals(i, m.getLongProperty("x-stream-offset"));
                        assertEquals(0, m.getIntProperty("x-stream-partition"));
                    }
                }
            }
        }
    }

    @Test
    void aConsumerFromAnOffsetStartsThere() throws Exception {
        try (JMSContext ctx = factory.createContext()) {
            Topic stream = ctx.createTopic("stream://prices");
            ctx.createConsumer(stream).close();
            for (int i = 0; i < 5; i++) {
                ctx.createProducer().send(stream, "p" + i);
            }
            try (JMSConsumer fromThree = ctx.createConsumer(ctx.createTopic("stream://prices?stream-offset=3"))) {
                assertEquals("p3", fromThree.receiveBody(String.class, 5_000));
                assertEquals("p4", fromThree.receiveBody(String.class, 5_000));
            }
        }
    }
}
