package io.tributary.benchmarks.jmh;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerSession;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Outcome;
import io.tributary.core.Producer;
import io.tributary.core.message.Message;
import io.tributary.core.message.MessageBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory engine end to end: send, deliver to a consumer, accept. 1 KiB non-durable messages,
 * 1 or 4 competing consumers, with and without a selector (every message matches it, so the cost
 * measured is evaluation, not filtering).
 *
 * <p>Each invocation sends {@link #BATCH} messages and waits until all are accepted; the score is
 * messages per second. Every send wraps the encoded bytes in a new {@link Message}, as a protocol layer does,
 * so the lazy decode of the routing fields is paid per message, not cached across sends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    static final int BATCH = 1000;
    private static final int CREDIT = 1000;

    @Param({"1", "4"})
    public int consumers;

    @Param({"none", "color = 'red' AND size > 10"})
    public String selector;

    private Broker broker;
    private BrokerConnection connection;
    private Producer producer;
    private byte[] encoded;
    private final Semaphore accepted = new Semaphore(0);
    private final List<Consumer> open = new ArrayList<>();

    @Setup(Level.Trial)
    public void start() {
        broker = Broker.start(BrokerConfig.builder().build());
        connection = broker.connect(new ConnectionInfo("bench", null, null));
        BrokerSession session = connection.createSession();
        producer = session.openProducer("bench", null);
        encoded = MessageBuilder.create().property("color", "red").property("size", 1024).body(new byte[1024])
                .build().encoded();
        for (int i = 0; i < consumers; i++) {
            ConsumerSpec spec = ConsumerSpec.on("bench");
            if (!"none".equals(selector)) {
                spec = spec.selector(selector);
            }
            AcceptingSink sink = new AcceptingSink();
            Consumer c = connection.createSession().openConsumer(spec, sink);
            sink.consumer = c;
            c.addCredit(CREDIT);
            open.add(c);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        connection.close();
        broker.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sendDeliverAccept() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            producer.send(Message.wrap(encoded), null);
        }
        if (!accepted.tryAcquire(BATCH, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + accepted.availablePermits() + " of " + BATCH
                    + " messages were accepted within 30 s");
        }
    }

    /** Accepts every delivery at once and gives the credit back. Called on engine threads. */
    private final class AcceptingSink implements DeliverySink {
        volatile Consumer consumer;

        @Override
        public void deliver(Delivery delivery) {
            consumer.settle(delivery.id(), Outcome.ACCEPTED, null);
            consumer.addCredit(1);
            accepted.release();
        }
    }
}
