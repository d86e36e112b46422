package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.AddressSettings;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Appends become readable in offset order, once stored; a failed append is a hole readers skip. */
@Timeout(30)
class StreamPublicationTest {

    private final TestStreamHost host = new TestStreamHost(null);
    private final StreamLog log = StreamLog.open("orders", AddressSettings.DEFAULTS.withStream(1, null, 0, 0, null),
            host, false);

    @AfterEach
    void close() {
        host.close();
    }

    private StreamLog.PendingAppend append(String body) {
        return log.append(StreamFixture.text(body), 0, () -> {
            throw new AssertionError("a non-persistent stream writes no store batch");
        });
    }

    private StreamSink reader() {
        StreamSink sink = new StreamSink();
        sink.consumer(log.openConsumer(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), null, null, null,
                sink, null, () -> { }));
        sink.consumer().addCredit(100);
        return sink;
    }

    @Test
    void aLaterAppendWaitsUntilEveryEarlierOneIsResolved() {
        StreamLog.PendingAppend a = append("a");
        StreamLog.PendingAppend b = append("b");
        StreamSink r = reader();
        b.publish();
        assertEquals(0, log.messageCount());
        r.assertNothingMore();
        r.consumer().addCredit(100);
        a.publish();
        assertEquals(List.of("a", "b"), r.texts(2));
        assertEquals(2, log.messageCount());
    }

    @Test
    void aFailedAppendLeavesAHoleThatReadersSkip() {
        StreamLog.PendingAppend a = append("a");
        StreamLog.PendingAppend lost = append("lost");
        StreamLog.PendingAppend c = append("c");
        a.publish();
        lost.abandon();
        c.publish();
        List<StreamSink.Seen> seen = reader().next(2);
        assertEquals(List.of("a", "c"), seen.stream().map(StreamSink.Seen::text).toList());
        assertEquals(List.of(0L, 2L), seen.stream().map(StreamSink.Seen::offset).toList());
    }
}
