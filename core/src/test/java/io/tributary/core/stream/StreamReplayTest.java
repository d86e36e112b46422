package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Outcome;
import io.tributary.core.StreamOffset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StreamReplayTest {

    private final StreamFixture f = new StreamFixture().stream("orders", 1);

    @AfterEach
    void close() {
        f.close();
    }

    private static ConsumerSpec from(StreamOffset offset) {
        return ConsumerSpec.on("orders").streamOffset(offset);
    }

    @Test
    void replaysEverythingFromFirstWithPartitionAndOffsetAnnotations() {
        f.send("orders", "a", "b", "c");
        List<StreamSink.Seen> seen = f.read(from(StreamOffset.FIRST), 10).next(3);
        assertEquals(List.of("a", "b", "c"), seen.stream().map(StreamSink.Seen::text).toList());
        assertEquals(List.of(0L, 1L, 2L), seen.stream().map(StreamSink.Seen::offset).toList());
        assertTrue(seen.stream().allMatch(s -> s.partition() == 0));
    }

    @Test
    void lastStartsAtTheLastMessageThenFollows() {
        f.send("orders", "a", "b", "c");
        StreamSink r = f.read(from(StreamOffset.LAST), 10);
        assertEquals("c", r.next().text());
        f.send("orders", "d");
        assertEquals("d", r.next().text());
        r.assertNothingMore();
    }

    @Test
    void nextSeesOnlyMessagesAppendedAfterItOpened() {
        assertSeesOnlyTheNextMessage(StreamOffset.NEXT);
    }

    private void assertSeesOnlyTheNextMessage(StreamOffset start) {
        f.send("orders", "a", "b");
        StreamSink r = f.read(from(start), 10);
        f.send("orders", "c");
        StreamSink.Seen c = r.next();
        assertEquals("c", c.text());
        assertEquals(2, c.offset());
        r.assertNothingMore();
    }

    @Test
    void noStreamOffsetMeansNext() {
        f.send("orders", "a");
        StreamSink r = f.read(ConsumerSpec.on("orders"), 10);
        f.send("orders", "b");
        assertEquals("b", r.next().text());
        r.assertNothingMore();
    }

    @Test
    void anOffsetStartsThere() {
        f.send("orders", "a", "b", "c", "d");
        assertEquals(List.of("c", "d"), f.read(from(StreamOffset.offset(2)), 10).texts(2));
    }

    @Test
    void anOffsetBeyondTheEndWaitsForNewMessages() {
        assertSeesOnlyTheNextMessage(StreamOffset.offset(100));
    }

    @Test
    void aTimestampStartsAtTheFirstMessageAppendedAtOrAfterIt() {
        f.send("orders", "a", "b");
        f.clock.advance(Duration.ofMinutes(1));
        long then = f.clock.millis();
        f.send("orders", "c", "d");
        f.clock.advance(Duration.ofMinutes(1));
        f.send("orders", "e");
        assertEquals(List.of("c", "d", "e"), f.read(from(StreamOffset.timestamp(then - 1000)), 10).texts(3));
        assertEquals(List.of("c", "d", "e"), f.read(from(StreamOffset.timestamp(then)), 10).texts(3));
        StreamSink future = f.read(from(StreamOffset.timestamp(f.clock.millis() + 60_000)), 10);
        future.assertNothingMore();
    }

    @Test
    void readingNeverRemoves() {
        f.send("orders", "a", "b");
        StreamSink first = f.read(from(StreamOffset.FIRST), 10);
        first.accept(2);
        assertEquals(List.of("a", "b"), f.read(from(StreamOffset.FIRST), 10).texts(2));
        assertEquals(2, f.count("orders"));
    }

    @Test
    void creditLimitsDeliveriesAndDrainEndsThem() {
        f.send("orders", "a", "b", "c");
        StreamSink r = f.read(from(StreamOffset.FIRST), 2);
        assertEquals(List.of("a", "b"), r.texts(2));
        r.assertNothingMore();
        r.consumer().addCredit(5);
        assertEquals("c", r.next().text());
    }

    @Test
    void settlingTwiceIsNotFound() {
        f.send("orders", "a");
        StreamSink r = f.read(from(StreamOffset.FIRST), 1);
        StreamSink.Seen a = r.next();
        r.consumer().settle(a.id(), Outcome.ACCEPTED, null);
        BrokerException e = assertThrows(BrokerException.class,
                () -> r.consumer().settle(a.id(), Outcome.ACCEPTED, null));
        assertEquals(BrokerException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void theStreamPrefixAndKindHintCreateStreams() {
        f.send("stream://events", "x");
        assertEquals(AddressKind.STREAM, f.broker.addresses().find("events").orElseThrow().kind());
        assertEquals(List.of("x"), f.read(ConsumerSpec.on("events").kind(AddressKind.STREAM)
                .streamOffset(StreamOffset.FIRST), 5).texts(1));
        f.session.openProducer("metrics", AddressKind.STREAM).close();
        assertEquals(AddressKind.STREAM, f.broker.addresses().find("metrics").orElseThrow().kind());
    }

    @Test
    void messageCountIsTheLogLength() {
        f.send("orders", "a", "b", "c");
        assertEquals(3, f.count("orders"));
        assertEquals(3, f.broker.addresses().list().stream().filter(i -> i.name().equals("orders")).findFirst()
                .orElseThrow().messageCount());
    }

    @Test
    void closingTheSessionClosesItsStreamReaders() {
        f.read(from(StreamOffset.FIRST), 1);
        assertEquals(1, f.broker.addresses().find("orders").orElseThrow().consumerCount());
        f.session.close();
        assertEquals(0, f.broker.addresses().find("orders").orElseThrow().consumerCount());
    }
}
