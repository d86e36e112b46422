package io.tributary.core.store.jdbc;

import com.sun.management.OperatingSystemMXBean;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DuplicateDetection;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.TraceSampling;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.MessageStore.StoreBatch;
import io.tributary.core.store.SinkQueue;
import io.tributary.core.store.StoredReference;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures durable send throughput with 1, 4 and 16 producers, group commit on and off: each producer sends a
 * 1 KiB durable message and waits for its confirmation before the next (a synchronous durable send). Mode
 * {@code broker} sends through the engine (Producer.send to a queue), mode {@code store} commits a store batch
 * (addMessage + addReference) directly. Prints one line per run. Not a test: run it by hand, e.g.
 *
 * <pre>
 * ./mvnw -o -q -pl message,core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:message/target/classes:$(cat /tmp/cp.txt) \
 *     io.tributary.core.store.jdbc.DurableSendThroughput broker h2 5
 * </pre>
 *
 * <p>Arguments: {@code broker} or {@code store}; {@code h2} or {@code postgres} (embedded, synchronous_commit on);
 * seconds per run; optionally {@code off-first} to run without group commit first, {@code fencing} to compare with
 * and without the HA lease (postgres), or {@code dedup} to compare with and without duplicate detection
 * ({@code message-id} mode, every message with its own message-id in both runs; broker mode), {@code trace} to
 * compare tracing off, on for every message and sampled at 1 % (broker mode), or {@code cpu}:
 * three rounds of 1 and 16 producers (group commit on), then three drains of a stored backlog of 50,000 messages
 * (sent by 16 producers, then consumed by one consumer that accepts each message; the drain ends when the last
 * acknowledgement is stored), {@code drain}: only the three drains, {@code live}: three rounds of 1 and 16
 * producers while one consumer accepts every message, or {@code acks}: the store alone removing
 * 20,000 references in batches of 100 (one transaction each) by {@code removeReference}, three rounds.
 *
 * <p>Every line gives the broker's CPU per message: the whole process's CPU time (the producers' threads
 * included) and the store writer thread's, over the measured interval; on H2 also the bytes H2 wrote to its file
 * per message (its {@code info.FILE_WRITE_BYTES}; it depends on how many messages share a transaction). The rate is
 * noisy on a shared machine, the CPU per message less so.
 */
public final class DurableSendThroughput {

    private DurableSendThroughput() {
    }

    /**
     * The default H2 store in {@code dir} (with {@code -Djournal=false} the messages in its tables), or with the
     * system property {@code h2.options} (e.g. {@code ;PAGE_SIZE=2048}) the same URL with those settings appended
     * (the tables), to compare H2 settings.
     */
    private static JdbcMessageStore h2(Path dir) {
        String options = System.getProperty("h2.options", "");
        JdbcMessageStore store = JdbcMessageStore.h2(dir)
                .journal(Boolean.parseBoolean(System.getProperty("journal", "true")));
        return options.isEmpty() ? store : JdbcMessageStore.open(store.url() + options, "sa", "");
    }

    /** Sends one message and waits for its confirmation. */
    private interface Sender {
        void sendOne();
    }

    public static void main(String[] args) throws Exception {
        boolean broker = args.length == 0 || args[0].equals("broker");
        String database = args.length > 1 ? args[1] : "h2";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        EmbeddedPostgres postgres = database.equals("postgres")
                ? EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start() : null;
        try {
            Supplier<JdbcMessageStore> stores = () -> {
                try {
                    return postgres == null ? h2(Files.createTempDirectory("tributary-throughput"))
                            : JdbcMessageStore.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                            "postgres");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            // Warm-up (JIT, database caches): the first runs of a JVM are markedly slower than the rest.
            run(broker, stores.get(), 4, seconds, null);
            run(broker, stores.get().groupCommit(false), 1, seconds, null);
            run(broker, stores.get(), 16, seconds, null);
            if (args.length > 3 && args[3].equals("fencing")) {
                compareFencing(broker, postgres, stores, seconds);
                return;
            }
            if (args.length > 3 && args[3].equals("acks")) {
                for (int round = 0; round < 3; round++) {
                    removeReferences(stores.get(), database);
                }
                return;
            }
            if (args.length > 3 && args[3].equals("drain")) {
                for (int round = 0; round < 3; round++) {
                    drain(stores.get(), DRAIN_BACKLOG, "drain  " + database);
                }
                return;
            }
            if (args.length > 3 && args[3].equals("live")) {
                for (int round = 0; round < 3; round++) {
                    for (int producers : new int[] {1, 16}) {
                        run(true, stores.get(), producers, seconds, "live   " + database, null, true);
                    }
                }
                return;
            }
            if (args.length > 3 && args[3].equals("cpu")) {
                compareCpu(database, stores, seconds);
                return;
            }
            if (args.length > 3 && args[3].equals("trace")) {
                compareTracing(database, stores, seconds);
                return;
            }
            if (args.length > 3 && args[3].equals("dedup")) {
                compareDuplicateDetection(database, stores, seconds);
                return;
            }
            boolean offFirst = args.length > 3 && args[3].equals("off-first");
            for (boolean group : offFirst ? new boolean[] {false, true} : new boolean[] {true, false}) {
                for (int producers : new int[] {1, 4, 16}) {
                    run(broker, stores.get().groupCommit(group), producers, seconds,
                            (broker ? "broker " : "store  ") + database);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * The cost of HA fencing (one {@code SELECT ... FOR SHARE} of the lease row per transaction): 1 and 8 producers,
     * each without and then with a lease, twice. PostgreSQL only.
     */
    private static void compareFencing(boolean broker, EmbeddedPostgres postgres, Supplier<JdbcMessageStore> stores,
                                       int seconds) throws InterruptedException {
        if (postgres == null) {
            throw new IllegalArgumentException("fencing needs the postgres store");
        }
        try (StoreLease lease = StoreLease.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                "bench", Duration.ofSeconds(5))) {
            lease.awaitLive(() -> true);
            lease.keepRenewing(() -> System.out.println("lease lost"));
            for (int round = 0; round < 2; round++) {
                for (int producers : new int[] {1, 8}) {
                    run(broker, stores.get(), producers, seconds, "postgres, no lease");
                    run(broker, stores.get().fencedBy(lease), producers, seconds, "postgres, fenced  ");
                }
            }
        }
    }

    /**
     * The cost of duplicate detection ({@code message-id} mode, default window): 1 and 8 producers through the
     * engine, each without and then with it, twice. Every message has its own message-id in both runs.
     */
    private static void compareDuplicateDetection(String database, Supplier<JdbcMessageStore> stores, int seconds)
            throws InterruptedException {
        AddressSettings on = AddressSettings.DEFAULTS.withDuplicateDetection(
                new DuplicateDetection(DuplicateDetection.Mode.MESSAGE_ID, DuplicateDetection.DEFAULT_WINDOW));
        for (int round = 0; round < 2; round++) {
            for (int producers : new int[] {1, 8}) {
                run(true, stores.get(), producers, seconds, database + ", detection off       ",
                        AddressSettings.DEFAULTS);
                run(true, stores.get(), producers, seconds, database + ", detection message-id", on);
            }
        }
    }

    /** Three rounds of sends from 1 and 16 producers, then three drains of 50,000 stored messages. */
    private static void compareCpu(String database, Supplier<JdbcMessageStore> stores, int seconds)
            throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            for (int producers : new int[] {1, 16}) {
                run(true, stores.get(), producers, seconds, "broker " + database);
            }
        }
        for (int round = 0; round < 3; round++) {
            drain(stores.get(), DRAIN_BACKLOG, "drain  " + database);
        }
    }

    static final int DRAIN_BACKLOG = 50_000;

    /**
     * Stores a backlog of {@code count} 1 KiB messages (16 producers), then measures one consumer accepting them
     * all, until the last acknowledgement is stored.
     */
    private static void drain(JdbcMessageStore store, int count, String label) throws InterruptedException {
        String queue = "drain-" + System.nanoTime();
        try (Broker engine = Broker.start(BrokerConfig.builder().store(store).build())) {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < 16; p++) {
                Sender sender = brokerSender(engine, queue);
                Thread t = new Thread(() -> {
                    for (int n = 0; n < count / 16; n++) {
                        sender.sendOne();
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            int stored = count / 16 * 16;
            SinkQueue sink = new SinkQueue();
            Consumer c = engine.connect(new ConnectionInfo("drain", null, null)).createSession()
                    .openConsumer(ConsumerSpec.on(queue), sink);
            CpuMeter cpu = CpuMeter.start(store);
            long tx0 = store.transactionsWritten();
            long start = System.nanoTime();
            c.addCredit(200);
            for (int i = 1; i <= stored; i++) {
                Delivery d = sink.next();
                c.settle(d.id(), Outcome.ACCEPTED, null);
                if (i % 100 == 0) {
                    c.addCredit(100);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.countReferences(queue) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long tx = store.transactionsWritten() - tx0;
            System.out.printf("%s backlog=%d %8.0f msgs/s  %6.1f acknowledgements per transaction  %s%n", label,
                    stored, stored / elapsed, tx == 0 ? 0.0 : (double) stored / tx, cpu.perMessage(stored));
        }
    }

    /**
     * Stores 20,000 messages, each referenced by one queue, then removes the references in batches of 100
     * committed one after the other (a transaction each).
     */
    private static void removeReferences(JdbcMessageStore store, String database) {
        int count = 20_000;
        int batch = 100;
        store.start();
        try {
            byte[] body = new byte[1024];
            for (long id = 1; id <= count; id += batch) {
                StoreBatch b = store.batch();
                for (long i = id; i < id + batch; i++) {
                    b.addMessage(i, body).addReference("q", new StoredReference(i, null, 4, 0, 0, 0, null));
                }
                b.commit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            }
            CpuMeter cpu = CpuMeter.start(store);
            long start = System.nanoTime();
            for (long id = 1; id <= count; id += batch) {
                StoreBatch b = store.batch();
                for (long i = id; i < id + batch; i++) {
                    b.removeReference("q", i);
                }
                b.commit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("acks   %s %8.0f refs/s  %s%n", database, count / elapsed, cpu.perMessage(count));
        } finally {
            store.close();
        }
    }

    /**
     * The process's and the store writer thread's CPU time since {@link #start}. The writer must run when
     * it starts (it is found by its thread name).
     */
    private record CpuMeter(JdbcMessageStore store, long process, long writerId, long writer, long written) {

        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        static CpuMeter start(JdbcMessageStore store) {
            long writerId = -1;
            for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (t != null && t.getThreadName().equals("tributary-store-writer")) {
                    writerId = t.getThreadId();
                }
            }
            return new CpuMeter(store, OS.getProcessCpuTime(), writerId,
                    writerId < 0 ? 0 : THREADS.getThreadCpuTime(writerId), written(store));
        }

        /** The bytes H2 wrote to its file so far, or -1 (another database). */
        private static long written(JdbcMessageStore store) {
            if (!store.url().startsWith("jdbc:h2:")) {
                return -1;
            }
            try {
                return Long.parseLong(H2Figures.read(store.url(), "FILE_WRITE_BYTES").get("FILE_WRITE_BYTES"));
            } catch (SQLException | RuntimeException e) {
                return -1;
            }
        }

        /** CPU µs per message since the start, of the process and of the writer thread. */
        String perMessage(long messages) {
            double processUs = (OS.getProcessCpuTime() - process) / 1e3 / Math.max(1, messages);
            double writerUs = writerId < 0 ? Double.NaN
                    : (THREADS.getThreadCpuTime(writerId) - writer) / 1e3 / Math.max(1, messages);
            long bytes = written < 0 ? -1 : written(store) - written;
            String wrote = bytes < 0 ? ""
                    : String.format(", H2 wrote %.0f bytes/msg", (double) bytes / Math.max(1, messages));
            return String.format("CPU/msg process %6.1f us, writer %6.1f us%s", processUs, writerUs, wrote);
        }
    }

    /**
     * The cost of message tracing: 1 and 8 producers through the engine, tracing off, on for every message (three
     * trace events a message: received, routed, stored) and sampled at 1 %, twice. Every message has its own
     * message-id in every run.
     */
    private static void compareTracing(String database, Supplier<JdbcMessageStore> stores, int seconds)
            throws InterruptedException {
        AddressSettings all = AddressSettings.DEFAULTS.withTracing(new TraceSampling(true, 1.0));
        AddressSettings sampled = AddressSettings.DEFAULTS.withTracing(new TraceSampling(true, 0.01));
        for (int round = 0; round < 2; round++) {
            for (int producers : new int[] {1, 8}) {
                run(true, stores.get(), producers, seconds, database + ", tracing off  ", AddressSettings.DEFAULTS);
                run(true, stores.get(), producers, seconds, database + ", tracing all  ", all);
                run(true, stores.get(), producers, seconds, database + ", tracing 1 %  ", sampled);
            }
        }
    }

    /** One run; prints a line unless {@code label} is null (a warm-up). */
    private static void run(boolean broker, JdbcMessageStore store, int producers, int seconds, String label)
            throws InterruptedException {
        run(broker, store, producers, seconds, label, null);
    }

    /** One run with {@code settings} for every address (null: each message the same, no message-id). */
    private static void run(boolean broker, JdbcMessageStore store, int producers, int seconds, String label,
                            AddressSettings settings) throws InterruptedException {
        run(broker, store, producers, seconds, label, settings, false);
    }

    /** One run; with {@code consume}, one consumer accepts every message while the producers send. */
    private static void run(boolean broker, JdbcMessageStore store, int producers, int seconds, String label,
                            AddressSettings settings, boolean consume) throws InterruptedException {
        String queue = "bench-" + System.nanoTime();
        Broker engine = broker ? Broker.start(BrokerConfig.builder().store(store)
                .defaults(settings == null ? AddressSettings.DEFAULTS : settings).build()) : null;
        if (!broker) {
            store.start();
        }
        AtomicBoolean consuming = new AtomicBoolean(consume);
        Thread consumer = consume ? acceptingConsumer(engine, queue, consuming) : null;
        AtomicLong ids = new AtomicLong(store.maxMessageId());
        AtomicLong sent = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Sender sender = !broker ? storeSender(store, ids, queue)
                    : settings == null ? brokerSender(engine, queue) : identifiedSender(engine, queue, ids);
            Thread t = new Thread(() -> {
                while (running.get()) {
                    sender.sendOne();
                    if (measuring.get()) {
                        sent.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Thread.sleep(1000);
        long tx0 = store.transactionsWritten();
        CpuMeter cpu = CpuMeter.start(store);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long tx = store.transactionsWritten() - tx0;
        String perMessage = cpu.perMessage(sent.get());
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        consuming.set(false);
        if (consumer != null) {
            consumer.join();
        }
        if (engine != null) {
            engine.close();
        }
        store.close();
        if (label != null) {
            System.out.printf("%s producers=%2d groupCommit=%-5s %8.0f msgs/s  %6.1f sends per transaction  %s%n",
                    label, producers, store.groupCommitEnabled(), sent.get() / elapsed,
                    tx == 0 ? 0.0 : (double) sent.get() / tx, perMessage);
        }
    }

    /** A thread consuming {@code queue}, accepting each message as it arrives, until {@code consuming} is false. */
    private static Thread acceptingConsumer(Broker engine, String queue, AtomicBoolean consuming) {
        SinkQueue sink = new SinkQueue();
        Consumer c = engine.connect(new ConnectionInfo("consumer", null, null)).createSession()
                .openConsumer(ConsumerSpec.on(queue), sink);
        c.addCredit(200);
        Thread t = new Thread(() -> {
            long accepted = 0;
            while (consuming.get()) {
                Delivery d = sink.poll(Duration.ofMillis(100));
                if (d != null) {
                    c.settle(d.id(), Outcome.ACCEPTED, null);
                    if (++accepted % 100 == 0) {
                        c.addCredit(100);
                    }
                }
            }
        });
        t.start();
        return t;
    }

    private static Sender brokerSender(Broker engine, String queue) {
        Producer p = engine.connect(new ConnectionInfo("bench", null, null)).createSession()
                .openProducer(queue, AddressKind.QUEUE);
        Message m = MessageBuilder.create().durable(true).body(new byte[1024]).build();
        return () -> p.send(m, null).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    /** Sends 1 KiB messages each with its own message-id. */
    private static Sender identifiedSender(Broker engine, String queue, AtomicLong ids) {
        Producer p = engine.connect(new ConnectionInfo("bench", null, null)).createSession()
                .openProducer(queue, AddressKind.QUEUE);
        byte[] body = new byte[1024];
        return () -> p.send(MessageBuilder.create().durable(true).messageId("ID:bench:" + ids.incrementAndGet())
                .body(body).build(), null).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static Sender storeSender(JdbcMessageStore store, AtomicLong ids, String queue) {
        byte[] body = new byte[1024];
        return () -> {
            long id = ids.incrementAndGet();
            store.batch().addMessage(id, body).addReference(queue, new StoredReference(id, null, 4, 0, 0, 0, null))
                    .commit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        };
    }
}
