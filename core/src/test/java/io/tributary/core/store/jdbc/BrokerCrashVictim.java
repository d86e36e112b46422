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
import io.tributary.core.TransactionId;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.SinkQueue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a separate JVM by {@link BrokerCrashTest}: a broker on an H2 store with four producers sending
 * durable messages, odd ones to queue {@value #KEPT}, even ones to queue {@value #CONSUMED}, where one consumer
 * acknowledges them in local transactions, until it is
 * killed. Prints {@code C <n>} once message n is confirmed, {@code R <n>} before the transaction that
 * acknowledges n commits and {@code A <n>} once it has.
 */
public final class BrokerCrashVictim {

    /** Where odd messages go: nobody consumes it. */
    static final String KEPT = "kept";
    /** Where even messages go: consumed and acknowledged in transactions. */
    static final String CONSUMED = "consumed";

    private BrokerCrashVictim() {
    }

    public static void main(String[] args) {
        Broker broker = Broker.start(BrokerConfig.builder().store(JdbcMessageStore.h2(Path.of(args[0]))
                .journal(args.length > 1 && args[1].equals("journal"))).build());
        PrintStream out = System.out;
        AtomicLong numbers = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            BrokerSession session = broker.connect(new ConnectionInfo("producer-" + t, null, null)).createSession();
            new Thread(() -> produce(session, numbers, out), "producer-" + t).start();
        }
        BrokerSession session = broker.connect(new ConnectionInfo("consumer", null, null)).createSession();
        new Thread(() -> consume(session, out), "consumer").start();
    }

    private static void produce(BrokerSession session, AtomicLong numbers, PrintStream out) {
        Producer kept = session.openProducer(KEPT, AddressKind.QUEUE);
        Producer consumed = session.openProducer(CONSUMED, AddressKind.QUEUE);
        while (true) {
            long n = numbers.incrementAndGet();
            (n % 2 == 0 ? consumed : kept).send(
                    MessageBuilder.create().durable(true).property("n", n).body(new byte[512]).build(), null)
                    .toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            print(out, "C " + n);
        }
    }

    private static void consume(BrokerSession session, PrintStream out) {
        SinkQueue sink = new SinkQueue();
        Consumer c = session.openConsumer(ConsumerSpec.on(CONSUMED), sink);
        while (true) {
            c.addCredit(10);
            TransactionId tx = session.beginTransaction();
            StringBuilder requested = new StringBuilder();
            StringBuilder done = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                Delivery d = sink.next();
                long n = ((Number) d.message().applicationProperty("n")).longValue();
                c.settle(d.id(), Outcome.ACCEPTED, tx);
                requested.append("R ").append(n).append('\n');
                done.append("A ").append(n).append('\n');
            }
            print(out, requested.toString().strip());
            session.commit(tx).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            print(out, done.toString().strip());
        }
    }

    private static void print(PrintStream out, String lines) {
        synchronized (out) {
            out.println(lines);
            out.flush();
        }
    }
}
