package io.tributary.broker.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary perf producer}: sends BytesMessages of {@code --size} bytes, each stamped with its send time, at a
 * fixed rate or as fast as the broker takes them; the latency is the time a send (and, with {@code --tx}, its
 * commit) takes to return. A persistent send returns once the broker has stored the message.
 *
 * <p>Not thread-safe by itself: see {@link PerfRun} for the threads of a run.
 */
@Command(name = "producer", description = "Sends messages and measures the rate and the send latency.")
final class PerfProducer extends PerfRun implements Callable<Integer> {

    @Mixin
    private PerfOptions options;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "messages per second in all threads (default: 0, as fast as possible)")
    private long rate;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1024",
            description = "the body's size (default: ${DEFAULT-VALUE})")
    private int size;

    @Option(names = "--persistent", description = "send durable messages: the broker stores each before it confirms")
    private boolean persistent;

    /** Messages the threads have claimed, so that together they send no more than --count. */
    private final AtomicLong claimed = new AtomicLong();

    @Override
    PerfOptions options() {
        return options;
    }

    @Override
    String role() {
        return "producer";
    }

    @Override
    String latencyName() {
        return "send latency";
    }

    @Override
    public Integer call() throws InterruptedException {
        if (rate < 0 || size < 0) {
            throw new CliException(CliException.USAGE, "--rate and --size must be 0 or more");
        }
        return run();
    }

    @Override
    void work(Connection connection) throws JMSException {
        boolean transacted = options.tx > 0;
        Session session = options.session(connection);
        MessageProducer producer = session.createProducer(options.destination(session));
        producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        byte[] body = new byte[size];
        long interval = rate == 0 ? 0 : 1_000_000_000L * options.threads / rate;
        long start = System.nanoTime();
        int inBatch = 0;
        for (long n = 0; !finished(); n++) {
            if (interval > 0 && !waitUntil(start + n * interval)) {
                break;
            }
            if (options.count > 0 && claimed.incrementAndGet() > options.count) {
                break;
            }
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setLongProperty(SENT_AT, epochMicros());
            long sending = System.nanoTime();
            producer.send(message);
            if (transacted && ++inBatch == options.tx) {
                session.commit();
                inBatch = 0;
            }
            latencies.recordValue(Math.max(0, (System.nanoTime() - sending) / 1000));
            done.incrementAndGet();
        }
        if (transacted && inBatch > 0) {
            session.commit();
        }
    }

    /** Parks until {@code due}; false when the run finished meanwhile. */
    private boolean waitUntil(long due) {
        long now;
        while ((now = System.nanoTime()) < due) {
            if (finished()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(due - now, 100_000_000L));
        }
        return !finished();
    }

    @Override
    void describe(ObjectNode settings) {
        settings.put("rate", rate);
        settings.put("size", size);
        settings.put("persistent", persistent);
    }
}
