package io.tributary.core.store.jdbc;

import io.tributary.core.store.StoredReference;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures durable send throughput at the store: each producer thread commits one 1 KiB message with its
 * reference and waits for the confirmation before the next (like a synchronous durable send), with 1, 4 and 16
 * producers, group commit on and off. Prints one line per run. Not a test: run it by hand, e.g.
 *
 * <pre>
 * ./mvnw -o -q -pl core test-compile
 * ./mvnw -o -q -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     io.tributary.core.store.jdbc.StoreThroughput h2 5
 * </pre>
 *
 * <p>Arguments: {@code h2} or {@code postgres} (embedded, synchronous_commit on), and seconds per run.
 */
public final class StoreThroughput {

    private StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        EmbeddedPostgres postgres = database.equals("postgres")
                ? EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start() : null;
        try {
            Path warmUp = Files.createTempDirectory("tributary-throughput");
            run(database, postgres == null ? JdbcMessageStore.h2(warmUp)
                    : JdbcMessageStore.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"),
                    4, seconds, false);
            for (boolean group : new boolean[] {true, false}) {
                for (int producers : new int[] {1, 4, 16}) {
                    Path dir = Files.createTempDirectory("tributary-throughput");
                    Supplier<JdbcMessageStore> store = postgres == null ? () -> JdbcMessageStore.h2(dir)
                            : () -> JdbcMessageStore.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                            "postgres");
                    run(database, store.get().groupCommit(group).poolSize(4), producers, seconds, true);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static void run(String database, JdbcMessageStore store, int producers, int seconds, boolean print)
            throws InterruptedException {
        store.start();
        AtomicLong ids = new AtomicLong(store.maxMessageId());
        AtomicLong sent = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        byte[] body = new byte[1024];
        String queue = "bench-" + System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    long id = ids.incrementAndGet();
                    store.batch().addMessage(id, body).addReference(queue, new StoredReference(id, null, 4, 0, 0, 0,
                            null)).commit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
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
        store.close();
        if (!print) {
            return;
        }
        System.out.printf("%-8s producers=%2d groupCommit=%-5s %8.0f msgs/s  %6.1f batches per transaction%n",
                database, producers, store.groupCommitEnabled(),
                sent.get() / elapsed, tx == 0 ? 0.0 : (double) sent.get() / tx);
    }
}
