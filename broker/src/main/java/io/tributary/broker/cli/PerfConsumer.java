package io.tributary.broker.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tributary perf consumer}: receives until the count or the duration is reached; the latency of a message is
 * its receive time minus the send time {@code perf producer} stamped into it (messages without the stamp are counted,
 * not timed).
 *
 * <p>Not thread-safe by itself: see {@link PerfRun} for the threads of a run.
 */
@Command(name = "consumer", description = "Receives messages and measures the rate and the end-to-end latency.")
final class PerfConsumer extends PerfRun implements Callable<Integer> {

    private static final long POLL_MILLIS = 100;

    @Mixin
    private PerfOptions options;

    @Override
    PerfOptions options() {
        return options;
    }

    @Override
    String role() {
        return "consumer";
    }

    @Override
    String latencyName() {
        return "latency";
    }

    @Override
    public Integer call() throws InterruptedException {
        return run();
    }

    @Override
    void work(Connection connection) throws JMSException {
        boolean transacted = options.tx > 0;
        Session session = options.session(connection);
        MessageConsumer consumer = session.createConsumer(options.destination(session));
        int inBatch = 0;
        while (!finished()) {
            Message message = consumer.receive(POLL_MILLIS);
            if (message == null) {
                continue;
            }
            long now = epochMicros();
            if (message.propertyExists(SENT_AT)) {
                latencies.recordValue(Math.max(0, now - message.getLongProperty(SENT_AT)));
            }
            if (transacted && ++inBatch == options.tx) {
                session.commit();
                inBatch = 0;
            }
            if (done.incrementAndGet() == options.count) {
                stop = true;
            }
        }
        if (transacted && inBatch > 0) {
            session.commit();
        }
    }

    @Override
    void describe(ObjectNode settings) {
        // the consumer has no settings of its own
    }
}
