package io.tributary.core.store.jdbc;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.MessageStore.StoreBatch;
import io.tributary.core.store.StoredReference;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a separate JVM by {@link StoreCrashTest}: writes durable messages into an H2 store from several
 * threads as fast as it can, acknowledges (removes) every third one, and prints {@code C <id>} for each
 * confirmed message, {@code R <id>} before it asks to acknowledge one and {@code A <id>} once the acknowledgement
 * is confirmed, until it is killed. With {@code journal} as its second argument the messages go to the store's
 * journal; with {@code mixed} too, and each message's batch also saves an address {@code side-<id>} in the database,
 * so that every send is a group spanning both (the journal's marker decides it).
 */
public final class StoreCrashVictim {

    static final String QUEUE = "crash";
    /** The prefix of the address each message's batch saves in mixed mode. */
    static final String SIDE = "side-";

    private StoreCrashVictim() {
    }

    public static void main(String[] args) {
        String mode = args.length > 1 ? args[1] : "tables";
        JdbcMessageStore store = JdbcMessageStore.h2(Path.of(args[0])).journal(!mode.equals("tables"));
        store.start();
        PrintStream out = System.out;
        AtomicLong ids = new AtomicLong(store.maxMessageId());
        boolean mixed = mode.equals("mixed");
        for (int t = 0; t < 4; t++) {
            new Thread(() -> produce(store, ids, out, mixed), "producer-" + t).start();
        }
        out.println("READY");
        out.flush();
    }

    private static void produce(JdbcMessageStore store, AtomicLong ids, PrintStream out, boolean mixed) {
        while (true) {
            long id = ids.incrementAndGet();
            StoreBatch batch = store.batch().addMessage(id, ("message " + id).getBytes())
                    .addReference(QUEUE, new StoredReference(id, null, 4, 0, 0, 0, null));
            if (mixed) {
                batch.saveAddress(new AddressRecord(SIDE + id, AddressKind.QUEUE, AddressSettings.DEFAULTS));
            }
            batch.commit().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            print(out, "C " + id);
            if (id % 3 == 0) {
                print(out, "R " + id);
                store.batch().removeReference(QUEUE, id).commit().toCompletableFuture()
                        .orTimeout(60, TimeUnit.SECONDS).join();
                print(out, "A " + id);
            }
        }
    }

    private static void print(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
