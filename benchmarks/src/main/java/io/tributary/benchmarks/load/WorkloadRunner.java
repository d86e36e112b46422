package io.tributary.benchmarks.load;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * Runs one {@link WorkloadSpec} through the JMS API against any {@link ConnectionFactory}: Qpid JMS over AMQP for
 * {@link LoadTool}, an in-VM factory for {@link InVmJmsBenchmark}.
 *
 * <p>Every producer and consumer has its own connection and thread. Consumers are subscribed before the first send.
 * Each message is a 1 KiB BytesMessage whose long property {@value #SENT_AT} is the {@link System#nanoTime} at which
 * it was sent (at a fixed rate: at which it was due, so a sender that falls behind shows in the latency); the
 * consumer records {@code nanoTime() - SENT_AT}. Clients and broker timestamps never mix, so no clock skew.
 *
 * <p>Thread model: one instance per run; {@link #run} is called once, from one thread, and returns when every thread
 * it started is done. Counters are atomics shared by the producer and consumer threads.
 */
final class WorkloadRunner {

    static final String SENT_AT = "loadSentAtNanos";
    static final int BODY_BYTES = 1024;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ConnectionFactory factory;
    private final WorkloadSpec spec;
    private final RunLimits limits;
    private final DoubleSupplier brokerCpu;
    private final byte[] body = new byte[BODY_BYTES];

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong slots = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastReceivedAt = new AtomicLong();
    private final AtomicReference<String> error = new AtomicReference<>();
    private volatile boolean consumersStop;

    /**
     * @param brokerCpu the broker's CPU seconds so far, sampled when sending starts and after the last delivery
     */
    WorkloadRunner(ConnectionFactory factory, WorkloadSpec spec, RunLimits limits, DoubleSupplier brokerCpu) {
        this.factory = factory;
        this.spec = spec;
        this.limits = limits;
        this.brokerCpu = brokerCpu;
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
    }

    /** Runs the workload on a destination of its own, named {@code destinationName}. */
    WorkloadResult run(String destinationName) {
        Semaphore window = new Semaphore(limits.window() * spec.fanOut());
        List<Connection> connections = new ArrayList<>();
        List<Thread> consumerThreads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        try {
            for (int i = 0; i < spec.consumers(); i++) {
                Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
                histograms.add(histogram);
                MessageConsumer consumer = openConsumer(connections, destinationName);
                consumerThreads.add(start("load-consumer-" + i, () -> consume(consumer, histogram, window)));
            }
            List<MessageProducer> producers = new ArrayList<>();
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < spec.producers(); i++) {
                Session session = openSession(connections);
                sessions.add(session);
                producers.add(openProducer(session, spec, destinationName));
            }
            return measure(window, sessions, producers, consumerThreads, histograms);
        } catch (JMSException | RuntimeException e) {
            fail("setting up the clients", e);
            consumersStop = true;
            join(consumerThreads);
            return new WorkloadResult(spec, sent.get(), received.get(), 0, merge(histograms), Double.NaN,
                    Double.NaN, error.get());
        } finally {
            consumersStop = true;
            for (Connection connection : connections) {
                closeQuietly(connection);
            }
        }
    }

    private WorkloadResult measure(Semaphore window, List<Session> sessions,
            List<MessageProducer> producers, List<Thread> consumerThreads, List<Histogram> histograms) {
        double cpuBefore = brokerCpu.getAsDouble();
        double clientBefore = clientCpu();
        long start = System.nanoTime();
        long deadline = start + limits.duration().toNanos();
        List<Thread> producerThreads = new ArrayList<>();
        for (int i = 0; i < producers.size(); i++) {
            Session session = sessions.get(i);
            MessageProducer producer = producers.get(i);
            long interval = spec.ratePerSecond() == 0 ? 0 : 1_000_000_000L * producers.size() / spec.ratePerSecond();
            producerThreads.add(start("load-producer-" + i,
                    () -> produce(session, producer, window, start, deadline, interval)));
        }
        join(producerThreads);
        awaitDeliveries();
        long elapsed = lastReceivedAt.get() == 0 ? 0 : lastReceivedAt.get() - start;
        double cpu = brokerCpu.getAsDouble() - cpuBefore;
        double client = clientCpu() - clientBefore;
        consumersStop = true;
        join(consumerThreads);
        String failure = error.get();
        long lost = sent.get() * spec.fanOut() - received.get();
        if (failure == null && lost > 0) {
            failure = lost + " deliveries missing after waiting " + limits.drainTimeout().toSeconds() + " s";
        }
        return new WorkloadResult(spec, sent.get(), received.get(), elapsed, merge(histograms), cpu, client, failure);
    }

    private void produce(Session session, MessageProducer producer, Semaphore window,
            long start, long deadline, long interval) {
        Semaphore confirmations = new Semaphore(0);
        long issued = 0;
        try {
            for (long n = 0; error.get() == null; n++) {
                long due = interval == 0 ? 0 : start + n * interval;
                if (due > 0) {
                    parkUntil(due, deadline);
                }
                if (System.nanoTime() >= deadline || !acquire(window, spec.fanOut(), deadline)) {
                    break;
                }
                if (slots.incrementAndGet() > limits.maxMessages()) {
                    window.release(spec.fanOut());
                    break;
                }
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                message.setLongProperty(SENT_AT, due > 0 ? due : System.nanoTime());
                if (spec.asyncSend()) {
                    producer.send(message, new Confirmation(confirmations));
                    issued++;
                } else {
                    producer.send(message);
                    sent.incrementAndGet();
                }
            }
            if (issued > 0 && !confirmations.tryAcquire((int) issued, limits.drainTimeout().toNanos(),
                    TimeUnit.NANOSECONDS)) {
                fail("waiting for send confirmations", new IllegalStateException(
                        (issued - confirmations.availablePermits()) + " sends unconfirmed"));
            }
        } catch (JMSException | RuntimeException e) {
            fail("sending", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consume(MessageConsumer consumer, Histogram histogram, Semaphore window) {
        try {
            while (!consumersStop) {
                Message message = consumer.receive(100);
                if (message == null) {
                    continue;
                }
                long now = System.nanoTime();
                long micros = (now - message.getLongProperty(SENT_AT)) / 1000;
                histogram.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
                lastReceivedAt.accumulateAndGet(now, Math::max);
                received.incrementAndGet();
                window.release();
            }
        } catch (JMSException | RuntimeException e) {
            if (!consumersStop) {
                fail("receiving", e);
            }
        }
    }

    private void awaitDeliveries() {
        long giveUp = System.nanoTime() + limits.drainTimeout().toNanos();
        while (received.get() < sent.get() * spec.fanOut() && error.get() == null && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private MessageConsumer openConsumer(List<Connection> connections, String name) throws JMSException {
        Session session = openSession(connections);
        return session.createConsumer(destination(session, spec, name));
    }

    private Session openSession(List<Connection> connections) throws JMSException {
        ConnectionFactory f = factory;
        if (spec.syncNonPersistent() && factory instanceof JmsConnectionFactory qpid) {
            JmsConnectionFactory sync = new JmsConnectionFactory(qpid.getRemoteURI());
            sync.setUsername(qpid.getUsername());
            sync.setPassword(qpid.getPassword());
            sync.setForceSyncSend(true);
            f = sync;
        }
        Connection connection = f.createConnection();
        connections.add(connection);
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private static MessageProducer openProducer(Session session, WorkloadSpec spec, String name) throws JMSException {
        MessageProducer producer = session.createProducer(destination(session, spec, name));
        producer.setDeliveryMode(spec.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        return producer;
    }

    private static Destination destination(Session session, WorkloadSpec spec, String name) throws JMSException {
        return spec.topic() ? session.createTopic(name) : session.createQueue(name);
    }

    private boolean acquire(Semaphore window, int permits, long deadline) throws InterruptedException {
        while (error.get() == null) {
            if (window.tryAcquire(permits, 50, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
        }
        return false;
    }

    private static void parkUntil(long due, long deadline) {
        long now;
        while ((now = System.nanoTime()) < due && now < deadline) {
            LockSupport.parkNanos(due - now);
        }
    }

    private void fail(String what, Exception e) {
        error.compareAndSet(null, what + " failed: " + ChildBroker.rootMessage(e));
    }

    private static double clientCpu() {
        return ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
    }

    private static Histogram merge(List<Histogram> histograms) {
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        histograms.forEach(all::add);
        return all;
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    private static void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (JMSException | RuntimeException e) {
            // the broker may be gone; the result already says what failed
        }
    }

    /** Counts an async send when the broker confirms it. Called on the provider's completion thread. */
    private final class Confirmation implements CompletionListener {
        private final Semaphore confirmations;

        Confirmation(Semaphore confirmations) {
            this.confirmations = confirmations;
        }

        @Override
        public void onCompletion(Message message) {
            sent.incrementAndGet();
            confirmations.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            fail("an async send", exception);
            confirmations.release();
        }
    }
}
