package io.tributary.core.store.jdbc;

import io.tributary.core.AddressKind;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.BrokerSession;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.TransactionId;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.SinkQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a separate JVM by {@link H2DiskFullTest}, on a disk that fills up: a broker on an H2 store in
 * {@code args[0]} with an outage limit of {@code args[1]} ms. One producer sends numbered durable messages to
 * {@value #WORK}: a backlog of {@value #BACKLOG} first, then more one at a time, paced. A consumer with
 * {@value #PREFETCH} credit takes them and accepts them one by one, a little slower than they come;
 * {@value #BALLAST_SENDERS} threads send 64 KiB durable messages to {@value #BALLAST}, which nobody consumes, so the
 * disk fills up; they keep sending (as producers do) until the line {@code calm} on standard input.
 *
 * <p>Prints {@code C <n>} once message n is confirmed, {@code F <n> <error>} when its send failed, {@code D <n>
 * <delivery count>} when the consumer takes it and {@code A <n> <t>} once its settlement returned, when the store
 * had committed t transactions. The line
 * {@code stop} on standard input closes the broker and ends the JVM.
 */
public final class DiskFullVictim {

    static final String WORK = "work";
    static final String BALLAST = "ballast";
    static final int PREFETCH = 100;
    /** Messages sent to {@value #WORK} before the consumer starts, so that it has a backlog when the disk fills. */
    static final int BACKLOG = 3000;
    static final int BALLAST_SENDERS = 4;
    /**
     * The consumer's work per message. Until a write attempt on the full disk fails the store cannot know the disk is
     * full, so the consumer acknowledges on for as long as that attempt takes: tens of milliseconds here, over a
     * hundred on a slow CI machine. Four milliseconds a message keeps those acknowledgements well inside the margin
     * the test allows while still acknowledging about 500 in the outage's first two seconds if deliveries did not
     * pause.
     */
    static final long PROCESSING_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    /** The work producer's pace: about 280 messages a second, against the consumer's at most 250. */
    static final long SEND_INTERVAL_MICROS = 3600;

    /** Set by the line {@code calm}: the ballast producers stop. */
    private static volatile boolean calm;

    private DiskFullVictim() {
    }

    public static void main(String[] args) throws Exception {
        JdbcMessageStore store = JdbcMessageStore.h2(Path.of(args[0]))
                .journal(args.length > 2 && args[2].equals("journal"))
                .journalSegmentSize(2L * 1024 * 1024)
                .outageLimit(Duration.ofMillis(Long.parseLong(args[1])));
        Broker broker = Broker.start(BrokerConfig.builder().store(store).build());
        PrintStream out = System.out;
        BrokerSession work = broker.connect(new ConnectionInfo("work", null, null)).createSession();
        BrokerSession ballast = broker.connect(new ConnectionInfo("ballast", null, null)).createSession();
        BrokerSession consumer = broker.connect(new ConnectionInfo("consumer", null, null)).createSession();
        Producer workProducer = work.openProducer(WORK, AddressKind.QUEUE);
        for (long n = 1; n <= BACKLOG; n += 500) { // in transactions: one commit each keeps the file small
            TransactionId tx = work.beginTransaction();
            for (long i = n; i < n + 500; i++) {
                workProducer.send(message(i, 256), tx);
            }
            work.commit(tx).toCompletableFuture().get(60, TimeUnit.SECONDS);
            for (long i = n; i < n + 500; i++) {
                print(out, "C " + i);
            }
        }
        daemon("work", () -> produce(workProducer, out));
        Producer ballastProducer = ballast.openProducer(BALLAST, AddressKind.QUEUE);
        for (int i = 0; i < BALLAST_SENDERS; i++) {
            daemon("ballast-" + i, () -> fill(ballastProducer));
        }
        daemon("consumer", () -> consume(consumer, store, out));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("calm")) {
                calm = true;
                print(out, "calm");
            } else if (line.equals("stop")) {
                broker.close();
                print(out, "stopped");
                System.exit(0);
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static Message message(long n, int size) {
        return MessageBuilder.create().durable(true).property("n", n).body(new byte[size]).build();
    }

    private static CompletableFuture<Void> send(Producer producer, long n, int size) {
        return producer.send(message(n, size), null).toCompletableFuture();
    }

    /**
     * Sends numbered messages after the backlog, one at a time and at most one each {@value #SEND_INTERVAL_MICROS}
     * µs (a little faster than the consumer takes them, however fast the store), until the JVM ends.
     */
    private static void produce(Producer producer, PrintStream out) {
        long next = System.nanoTime();
        for (long n = BACKLOG + 1; ; n++) {
            next += TimeUnit.MICROSECONDS.toNanos(SEND_INTERVAL_MICROS);
            LockSupport.parkNanos(next - System.nanoTime());
            try {
                send(producer, n, 256).get(120, TimeUnit.SECONDS);
                print(out, "C " + n);
            } catch (ExecutionException e) {
                print(out, "F " + n + " " + e.getCause().getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // pace the retries while the disk is full
            } catch (InterruptedException | TimeoutException e) {
                print(out, "producer gave up: " + e);
                return;
            }
        }
    }

    /** Sends ballast until told to calm down; a send the full disk failed is sent again at once. */
    private static void fill(Producer producer) {
        while (!calm) {
            try {
                send(producer, 0, 64 * 1024).get(120, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                continue; // the disk is full: keep pressing, as producers do
            } catch (InterruptedException | TimeoutException e) {
                print(System.out, "ballast gave up: " + e);
                return;
            }
        }
    }

    private static void consume(BrokerSession session, JdbcMessageStore store, PrintStream out) {
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on(WORK), sink);
        c.addCredit(PREFETCH);
        while (true) {
            Delivery d = sink.poll(Duration.ofSeconds(1));
            if (d != null) {
                long n = ((Number) d.message().applicationProperty("n")).longValue();
                print(out, "D " + n + " " + d.deliveryCount());
                LockSupport.parkNanos(PROCESSING_NANOS); // processing: slower than the producers
                try {
                    c.settle(d.id(), Outcome.ACCEPTED, null);
                    c.addCredit(1);
                } catch (BrokerException e) {
                    return; // the broker stops
                }
                print(out, "A " + n + " " + store.transactionsWritten());
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
