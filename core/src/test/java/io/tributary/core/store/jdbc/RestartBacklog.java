package io.tributary.core.store.jdbc;

import io.tributary.core.AddressInfo;
import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.StoredReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How long a broker takes to start on an H2 store holding a backlog: writes {@code count} durable messages of
 * {@code size} bytes for one queue straight into the store (1,000 a transaction) unless the data directory
 * already holds them, then times {@link Broker#start} on it and prints {@code STARTED ... in N s} and the queue's
 * message count. Not a test; run by hand (class path as for {@link BigBacklog}).
 *
 * <p>Arguments: data directory, message count, message size.
 */
public final class RestartBacklog {

    private RestartBacklog() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        if (!Files.exists(dir.resolve("tributary.mv.db"))) {
            fill(dir, count, size);
        }
        long start = System.nanoTime();
        try (Broker broker = Broker.start(BrokerConfig.builder().store(JdbcMessageStore.h2(dir)).build())) {
            double seconds = (System.nanoTime() - start) / 1e9;
            long held = broker.addresses().find("backlog").map(AddressInfo::messageCount).orElse(0L);
            Runtime rt = Runtime.getRuntime();
            System.out.printf("STARTED on a backlog of %d messages in %.1f s, heap used %d MiB%n", held, seconds,
                    (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        }
    }

    private static void fill(Path dir, int count, int size) {
        // One start and stop of a broker creates the queue as the engine would; the messages go in directly.
        try (Broker broker = Broker.start(BrokerConfig.builder().store(JdbcMessageStore.h2(dir)).build())) {
            broker.connect(new ConnectionInfo("fill", null, null)).createSession()
                    .openProducer("backlog", AddressKind.QUEUE).close();
        }
        long start = System.nanoTime();
        try (JdbcMessageStore store = JdbcMessageStore.h2(dir)) {
            store.start();
            long id = store.maxMessageId();
            byte[] encoded = MessageBuilder.create().durable(true).body(new byte[size]).build().encoded();
            for (int done = 0; done < count; ) {
                MessageStore.StoreBatch batch = store.batch();
                for (int i = 0; i < 1000 && done < count; i++, done++) {
                    id++;
                    batch.addMessage(id, encoded).addReference("backlog",
                            new StoredReference(id, null, 4, 0, 0, 0, null));
                }
                batch.commit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            }
        }
        System.out.printf("FILLED %d messages in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }
}
