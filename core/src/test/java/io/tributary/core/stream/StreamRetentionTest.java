package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressSettings;
import io.tributary.core.BrokerException;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StreamRetentionTest {

    private final StreamFixture f = new StreamFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void declare(Duration age, long bytes, long messages) {
        f.stream("orders", AddressSettings.DEFAULTS.withStream(1, age, bytes, messages, null));
    }

    private void sendNumbered(int from, int to, String padding) {
        for (int i = from; i < to; i++) {
            f.send("orders", "m" + i + padding);
        }
    }

    /** Reads from first and checks that exactly the newest {@code kept} of {@code sent} messages are there. */
    private void assertKeepsTheNewest(int sent, long kept) {
        List<String> texts = f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 100)
                .texts((int) kept).stream().map(t -> t.replace(".", "")).toList();
        assertEquals(IntStream.range((int) (sent - kept), sent).mapToObj(i -> "m" + i).toList(), texts);
    }

    @Test
    void retentionByCountDeletesWholeOldestSegments() {
        declare(null, 0, 16);
        sendNumbered(0, 40, "");
        long kept = f.count("orders");
        assertTrue(kept >= 14 && kept <= 16, "keeps between 7/8 of the limit and the limit, kept " + kept);
        assertKeepsTheNewest(40, kept);
    }

    @Test
    void retentionByBytesDeletesWholeOldestSegments() {
        declare(null, 16_000, 0);
        String padding = ".".repeat(1000);
        sendNumbered(0, 40, padding);
        long kept = f.count("orders");
        assertTrue(kept >= 10 && kept <= 15, "about 16,000 bytes of ~1,050-byte messages, kept " + kept);
        assertKeepsTheNewest(40, kept);
    }

    @Test
    void retentionByAgeDeletesOldSegmentsOnTheTimerButNeverTheActiveOne() {
        declare(Duration.ofHours(1), 0, 0);
        sendNumbered(0, 5, "");
        f.advance(Duration.ofMinutes(30));
        sendNumbered(5, 10, "");
        assertEquals(10, f.count("orders"));
        f.advance(Duration.ofMinutes(40));
        assertEquals(5, f.count("orders"), "the first segment is 70 minutes old");
        f.advance(Duration.ofDays(2));
        assertEquals(5, f.count("orders"), "the active segment stays");
        assertKeepsTheNewest(10, 5);
    }

    @Test
    void anOffsetBeforeTheLogStartFailsNamingBoth() {
        declare(null, 0, 8);
        sendNumbered(0, 20, "");
        long start = 20 - f.count("orders");
        BrokerException e = assertThrows(BrokerException.class,
                () -> f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.offset(3)), 10));
        assertEquals(BrokerException.Kind.INVALID_ARGUMENT, e.kind());
        assertEquals("stream orders partition 0: offset 3 is before the log start " + start
                + "; use stream-offset=first", e.getMessage());
        assertEquals(start, f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 10).next().offset());
    }

    @Test
    void aReaderOvertakenByRetentionContinuesAtTheLogStart() {
        declare(null, 0, 8);
        sendNumbered(0, 2, "");
        StreamSink slow = f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 1);
        assertEquals("m0", slow.next().text());
        sendNumbered(2, 30, "");
        slow.consumer().addCredit(1);
        assertEquals(30 - f.count("orders"), slow.next().offset());
    }
}
