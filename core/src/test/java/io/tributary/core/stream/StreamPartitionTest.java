package io.tributary.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressSettings;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamPartitionTest {

    private final StreamFixture f = new StreamFixture()
            .stream("orders", 4)
            .stream("keyed", AddressSettings.DEFAULTS.withStream(4, null, 0, 0, "customer"));

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void tenIndependentReadersSeeIdenticalOrderPerPartition() {
        List<StreamSink> early = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            early.add(f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 1000));
        }
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            producers.add(CompletableFuture.runAsync(() -> {
                Random random = new Random(thread);
                Producer p = f.connection.createSession().openProducer("orders", null);
                for (int i = thread * 100; i < thread * 100 + 100; i++) {
                    Message m = random.nextBoolean() ? StreamFixture.keyed("k" + random.nextInt(10), "m" + i)
                            : StreamFixture.text("m" + i);
                    StreamFixture.join(p.send(m, null));
                }
            }));
        }
        producers.forEach(StreamFixture::join);
        List<StreamSink> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            late.add(f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 1000));
        }
        Map<Integer, List<String>> reference = null;
        for (StreamSink r : concat(early, late)) {
            Map<Integer, List<String>> perPartition = new TreeMap<>();
            Map<Integer, Long> lastOffset = new HashMap<>();
            for (StreamSink.Seen s : r.next(400)) {
                perPartition.computeIfAbsent(s.partition(), k -> new ArrayList<>()).add(s.text());
                Long before = lastOffset.put(s.partition(), s.offset());
                assertTrue(before == null || before + 1 == s.offset(), "offsets of a partition are consecutive");
            }
            r.assertNothingMore();
            if (reference == null) {
                reference = perPartition;
            } else {
                assertEquals(reference, perPartition);
            }
        }
        assertEquals(4, reference.size(), "400 messages spread over all 4 partitions");
        assertEquals(400, f.count("orders"));
    }

    private static List<StreamSink> concat(List<StreamSink> a, List<StreamSink> b) {
        List<StreamSink> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void messagesOfOneGroupIdStayInOnePartitionInOrder() {
        assertKeyedOrder("orders", i -> StreamFixture.keyed("customer-" + (i % 5), "customer-" + (i % 5) + ":" + i));
    }

    @Test
    void theConfiguredKeyPropertyPartitions() {
        assertKeyedOrder("keyed", i -> MessageBuilder.create().property("customer", "c" + (i % 5))
                .body("c" + (i % 5) + ":" + i).build());
    }

    @Test
    void thePartitionKeyAnnotationPartitions() {
        assertKeyedOrder("orders", i -> MessageBuilder.create().annotation(JmsMapping.PARTITION_KEY, "a" + (i % 5))
                .body("a" + (i % 5) + ":" + i).build());
    }

    private void assertKeyedOrder(String stream, IntFunction<Message> make) {
        for (int i = 0; i < 100; i++) {
            f.send(stream, make.apply(i));
        }
        Map<String, Set<Integer>> partitionsOfKey = new HashMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        for (StreamSink.Seen s : f.read(ConsumerSpec.on(stream).streamOffset(StreamOffset.FIRST), 200).next(100)) {
            String key = s.text().substring(0, s.text().indexOf(':'));
            int seq = Integer.parseInt(s.text().substring(s.text().indexOf(':') + 1));
            partitionsOfKey.computeIfAbsent(key, k -> new HashSet<>()).add(s.partition());
            Integer before = lastSeq.put(key, seq);
            assertTrue(before == null || before < seq, "a key's messages arrive in send order");
        }
        partitionsOfKey.forEach((k, ps) -> assertEquals(1, ps.size(), k + " is in one partition: " + ps));
        assertTrue(partitionsOfKey.values().stream().distinct().count() > 1, "five keys use more than one partition");
    }

    @Test
    void messagesWithoutAKeyGoRoundRobin() {
        for (int i = 0; i < 8; i++) {
            f.send("orders", "m" + i);
        }
        Map<Integer, Integer> perPartition = new TreeMap<>();
        f.read(ConsumerSpec.on("orders").streamOffset(StreamOffset.FIRST), 20).next(8)
                .forEach(s -> perPartition.merge(s.partition(), 1, Integer::sum));
        assertEquals(Map.of(0, 2, 1, 2, 2, 2, 3, 2), perPartition);
    }
}
