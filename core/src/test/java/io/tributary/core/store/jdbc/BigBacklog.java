package io.tributary.core.store.jdbc;

import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.SinkQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Run in a small-heap JVM by {@link BigBacklogTest} (or by hand): a broker on an H2 store with the default
 * memory budget; producers send a durable backlog of {@code count} messages of {@code size} bytes to one queue,
 * then one consumer drains it, checking each producer's order. Prints {@code SENT}, {@code DRAINED} lines with
 * rates, and {@code OK} at the end; exits with 1 and a reason on any mismatch.
 *
 * <p>Arguments: data directory, message count, message size, producers, and optionally {@code memory}: the
 * same with non-durable messages on the in-memory store (for the in-memory rate; the backlog must then fit the
 * queue's memory budget, or the producers are held back for good), or {@code tables}: the messages in the H2
 * store's tables instead of its journal ({@code store.journal=false}). Every 10 s it prints a {@code PROGRESS}
 * line with the database's size on disk, the heap in use and H2's chunk figures.
 */
public final class BigBacklog {

    private BigBacklog() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        int producers = Integer.parseInt(args[3]);
        boolean inMemory = args.length > 4 && args[4].equals("memory");
        BrokerConfig.Builder config = BrokerConfig.builder();
        if (!inMemory) {
            JdbcMessageStore store = JdbcMessageStore.h2(dir)
                    .journal(args.length <= 4 || !args[4].equals("tables"));
            config.store(store);
            long begin = System.nanoTime();
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "backlog-progress");
                t.setDaemon(true);
                return t;
            }).scheduleWithFixedDelay(() -> progress(dir, store.url(), begin), 10, 10, TimeUnit.SECONDS);
        }
        try (Broker broker = Broker.start(config.build())) {
            long start = System.nanoTime();
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                BrokerSession session = broker.connect(new ConnectionInfo("producer-" + p, null, null)).createSession();
                int producer = p;
                sending.add(CompletableFuture.runAsync(() -> send(session, producer, count / producers, size,
                        !inMemory)));
            }
            sending.forEach(CompletableFuture::join);
            report("SENT", count, size, start);
            System.out.println("DATABASE after sending: " + diskUsage(dir) / (1024 * 1024) + " MiB");
            long waiting = broker.addresses().find("backlog").orElseThrow().messageCount();
            if (waiting != count / producers * producers) {
                fail("the queue holds " + waiting + " messages after sending " + count);
            }
            start = System.nanoTime();
            drain(broker.connect(new ConnectionInfo("consumer", null, null)).createSession(), producers,
                    count / producers);
            report("DRAINED", count, size, start);
            System.out.println("DATABASE after draining: " + diskUsage(dir) / (1024 * 1024) + " MiB");
            System.out.println("OK heap used " + (Runtime.getRuntime().totalMemory()
                    - Runtime.getRuntime().freeMemory()) / (1024 * 1024) + " MiB, max "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        }
        if (!inMemory) {
            System.out.println("DATABASE after stopping: " + diskUsage(dir) / (1024 * 1024) + " MiB");
        }
    }

    private static void send(BrokerSession session, int producer, int count, int size, boolean durable) {
        Producer p = session.openProducer("backlog", AddressKind.QUEUE);
        byte[] body = new byte[size];
        for (int n = 0; n < count; n++) {
            p.send(MessageBuilder.create().durable(durable).property("p", producer).property("n", n).body(body).build(),
                    null).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        }
    }

    private static void drain(BrokerSession session, int producers, int perProducer) {
        int[] next = new int[producers];
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on("backlog"), sink);
        c.addCredit(200);
        for (long i = 1; i <= (long) producers * perProducer; i++) {
            Delivery d = sink.next();
            int p = ((Number) d.message().applicationProperty("p")).intValue();
            int n = ((Number) d.message().applicationProperty("n")).intValue();
            if (n != next[p]) {
                fail("producer " + p + ": message " + n + " arrived where " + next[p] + " was due");
            }
            next[p]++;
            c.settle(d.id(), Outcome.ACCEPTED, null);
            if (i % 100 == 0) {
                c.addCredit(100);
            }
        }
    }

    /** Every 10 s: the database's size on disk, H2's chunks and the heap in use, to watch them over a long run. */
    private static void progress(Path dir, String url, long start) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf("PROGRESS %.0f s: database %d MiB, heap used %d MiB%n  %s%n",
                (System.nanoTime() - start) / 1e9, diskUsage(dir) / (1024 * 1024),
                (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024), h2Info(url));
        System.out.flush();
    }

    private static String h2Info(String url) {
        try {
            StringBuilder info = new StringBuilder();
            H2Figures.read(url, "CHUNK_COUNT", "FILL_RATE", "CHUNKS_FILL_RATE", "PAGE_COUNT_LIVE", "FILE_WRITE_BYTES")
                    .forEach((name, value) -> info.append(name).append('=').append(value).append(' '));
            return info.toString();
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static long diskUsage(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static void report(String what, long count, int size, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s %d messages (%d MiB) in %.1f s: %.0f msgs/s, %.1f MiB/s%n", what, count,
                count * size / (1024 * 1024), seconds, count / seconds, count * size / seconds / (1024 * 1024));
        System.out.flush();
    }

    private static void fail(String reason) {
        System.out.println("FAIL " + reason);
        System.out.flush();
        Runtime.getRuntime().halt(1);
    }
}
