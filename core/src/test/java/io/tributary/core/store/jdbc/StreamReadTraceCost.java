package io.tributary.core.store.jdbc;

import com.sun.management.OperatingSystemMXBean;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.TraceLimits;
import io.tributary.core.TraceSampling;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.InMemoryMessageStore;
import io.tributary.core.store.MessageStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures what tracing costs the stream read path: a one-partition stream of {@code entries} 256-byte entries, each
 * with its own message-id, read from the first offset {@value #PASSES} times by a new consumer group's member that
 * accepts every entry, then {@value #PASSES} times by a plain reader, with tracing off, on for every entry and
 * sampled at 1 % (the appends are traced alike but not timed: the tool waits until their trace events are written
 * before it reads). Prints reads/s and the process CPU time per read of each reader. Not a test: run it by hand, e.g.
 *
 * <pre>
 * ./mvnw -o -q -pl core -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     io.tributary.core.store.jdbc.StreamReadTraceCost h2 100000 2
 * </pre>
 *
 * <p>Arguments: {@code memory} or {@code h2}; entries (100,000); rounds (2). The trace buffer is raised to 2,000,000
 * events so that no event is dropped; the tool prints the dropped count, which must be 0.
 */
public final class StreamReadTraceCost {

    private static final TraceLimits LIMITS = new TraceLimits(Duration.ofHours(24), 10_000_000, 2_000_000);
    private static final int CREDIT = 500;
    private static final int PASSES = 3;

    private StreamReadTraceCost() {
    }

    public static void main(String[] args) throws Exception {
        String storeKind = args.length > 0 ? args[0] : "h2";
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String[] labels = {"off", "all", "1 %"};
        TraceSampling[] modes = {TraceSampling.OFF, new TraceSampling(true, 1.0), new TraceSampling(true, 0.01)};
        run(storeKind, entries / 10, modes[1], null); // warm-up (JIT)
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < modes.length; i++) {
                run(storeKind, entries, modes[i], String.format("%s round %d, tracing %-3s", storeKind, round,
                        labels[i]));
            }
        }
    }

    private static void run(String storeKind, int entries, TraceSampling tracing, String label) throws Exception {
        MessageStore store = storeKind.equals("memory") ? new InMemoryMessageStore()
                : JdbcMessageStore.h2(Files.createTempDirectory("tributary-trace-cost"));
        AddressSettings settings = AddressSettings.DEFAULTS.withStream(1, null, 0, 0, null).withTracing(tracing);
        Broker broker = Broker.start(BrokerConfig.builder().store(store).tracing(LIMITS)
                .declare("bench", AddressKind.STREAM, settings).build());
        try {
            BrokerSession session = broker.connect(new ConnectionInfo("bench", null, null)).createSession();
            append(session, entries);
            awaitTraceWritten(store);
            double[] group = read(session, entries, true);
            double[] plain = read(session, entries, false);
            awaitTraceWritten(store);
            if (label != null) {
                System.out.printf("%s  group: %8.0f reads/s %6.1f us CPU/read   plain: %8.0f reads/s %6.1f us CPU/read"
                        + "   trace events %d, dropped %d%n", label, group[0], group[1], plain[0], plain[1],
                        store.maxTraceEventId(), broker.management().traceEventsDropped());
            }
        } finally {
            broker.close();
        }
    }

    private static void append(BrokerSession session, int entries) {
        Producer p = session.openProducer("bench", AddressKind.STREAM);
        byte[] body = new byte[256];
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            sent.add(p.send(MessageBuilder.create().durable(true).messageId("ID:cost:" + i).body(body).build(), null)
                    .toCompletableFuture());
            if (sent.size() == 1000) {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
                sent.clear();
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        p.close();
    }

    /** Waits until the count of stored trace events stays the same for half a second. */
    private static void awaitTraceWritten(MessageStore store) throws InterruptedException {
        long last = -1;
        for (long now = store.maxTraceEventId(); now != last; now = store.maxTraceEventId()) {
            last = now;
            Thread.sleep(500);
        }
    }

    /** Reads every entry {@link #PASSES} times; answers reads/s and process CPU microseconds per read. */
    private static double[] read(BrokerSession session, int entries, boolean group) throws InterruptedException {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        for (int pass = 0; pass < PASSES; pass++) {
            readOnce(session, entries, group ? "group-" + pass : null);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = cpuNanos() - cpu0;
        long reads = (long) PASSES * entries;
        return new double[] {reads / seconds, cpu / 1e3 / reads};
    }

    /** Reads every entry once, as a member of {@code group} that accepts each, or as a plain reader when null. */
    private static void readOnce(BrokerSession session, int entries, String group) throws InterruptedException {
        ConsumerSpec spec = ConsumerSpec.on("bench").streamOffset(StreamOffset.FIRST);
        CountDownLatch done = new CountDownLatch(entries);
        AtomicInteger received = new AtomicInteger();
        Consumer[] consumer = new Consumer[1];
        DeliverySink sink = new DeliverySink() {
            @Override
            public void deliver(Delivery d) {
                if (group != null) {
                    consumer[0].settle(d.id(), Outcome.ACCEPTED, null);
                }
                if (received.incrementAndGet() % CREDIT == 0) {
                    consumer[0].addCredit(CREDIT);
                }
                done.countDown();
            }
        };
        consumer[0] = session.openConsumer(group != null ? spec.subscription(group, true, true)
                : spec.preSettled(true), sink);
        consumer[0].addCredit(2 * CREDIT);
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("read " + received.get() + " of " + entries + " in 300 s");
        }
        consumer[0].close();
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
