package io.tributary.core.store.jdbc;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.DuplicateDetection;
import io.tributary.core.Producer;
import io.tributary.core.TraceSampling;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.StoredReference;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * ./mvnw -o -q -pl core -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     io.tributary.core.store.jdbc.DurableSendThroughput broker h2 5
 * </pre>
 *
 * <p>Arguments: {@code broker} or {@code store}; {@code h2} or {@code postgres} (embedded, synchronous_commit on);
 * seconds per run; optionally {@code off-first} to run without group commit first, {@code fencing} to compare with
 * and without the HA lease (postgres), or {@code dedup} to compare with and without duplicate detection
 * ({@code message-id} mode, every message with its own message-id in both runs; broker mode), or {@code trace} to
 * compare tracing off, on for every message and sampled at 1 % (broker mode).
 */
public final class DurableSendThroughput {

    private DurableSendThroughput() {
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
                    return postgres == null ? JdbcMessageStore.h2(Files.createTempDirectory("tributary-throughput"))
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
        String queue = "bench-" + System.nanoTime();
        Broker engine = broker ? Broker.start(BrokerConfig.builder().store(store)
                .defaults(settings == null ? AddressSettings.DEFAULTS : settings).build()) : null;
        if (!broker) {
            store.start();
        }
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
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long tx = store.transactionsWritten() - tx0;
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        if (engine != null) {
            engine.close();
        }
        store.close();
        if (label != null) {
            System.out.printf("%s producers=%2d groupCommit=%-5s %8.0f msgs/s  %6.1f sends per transaction%n",
                    label, producers, store.groupCommitEnabled(), sent.get() / elapsed,
                    tx == 0 ? 0.0 : (double) sent.get() / tx);
        }
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
