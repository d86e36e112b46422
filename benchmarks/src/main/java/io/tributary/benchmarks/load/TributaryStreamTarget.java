package io.tributary.benchmarks.load;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerConnection;
import io.tributary.core.BrokerException;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.Consumer;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.Delivery;
import io.tributary.core.DeliverySink;
import io.tributary.core.Producer;
import io.tributary.core.StreamOffset;
import io.tributary.core.message.MessageBuilder;
import io.tributary.core.store.InMemoryMessageStore;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tributary in the tool's JVM, through the core {@link Broker} API: the memory store or H2 in a temporary
 * directory, every stream declared with the configured partitions and no retention, durable 1 KiB messages.
 * A producer keeps at most {@code window} sends not yet completed; a reader is a pre-settled consumer from
 * {@link StreamOffset#FIRST} that grants credit as it goes.
 *
 * <p>Thread model: see {@link StreamTarget}; the broker is thread-safe.
 */
final class TributaryStreamTarget implements StreamTarget {

    private static final int CREDIT_STEP = 500;

    private final String store;
    private final int partitions;
    private final int window;
    private final List<String> streams;
    private Path dataDir;
    private Broker broker;

    /**
     * @param store {@code memory} or {@code h2}
     * @param streams every stream the run uses, declared at start
     */
    TributaryStreamTarget(String store, int partitions, int window, List<String> streams) {
        this.store = store;
        this.partitions = partitions;
        this.window = window;
        this.streams = List.copyOf(streams);
    }

    @Override
    public String label() {
        return "tributary-" + store;
    }

    @Override
    public void start() {
        MessageStore messageStore;
        if ("h2".equals(store)) {
            dataDir = ChildBroker.tempDirectory("tributary-streams-");
            messageStore = JdbcMessageStore.h2(dataDir);
        } else {
            messageStore = new InMemoryMessageStore();
        }
        AddressSettings settings = AddressSettings.DEFAULTS.withStream(partitions, null, 0, 0, null);
        BrokerConfig.Builder config = BrokerConfig.builder().store(messageStore);
        streams.forEach(s -> config.declare(s, AddressKind.STREAM, settings));
        try {
            broker = Broker.start(config.build());
        } catch (RuntimeException e) {
            ChildBroker.deleteTree(dataDir);
            throw new LoadFailure("Tributary on the " + store + " store did not start: "
                    + ChildBroker.rootMessage(e), e);
        }
    }

    @Override
    public void createStream(String name) {
        // declared at start
    }

    @Override
    public StreamClients.Client openProducer(String stream, int index) {
        BrokerConnection connection = broker.connect(info("producer-" + index));
        Producer producer = connection.createSession().openProducer(stream, AddressKind.STREAM);
        return new Appender(connection, producer, window);
    }

    @Override
    public StreamClients.Client openReader(String stream, String workload, int index) {
        BrokerConnection connection = broker.connect(info(workload + "-reader-" + index));
        Reader reader = new Reader(connection);
        reader.consumer = connection.createSession().openConsumer(ConsumerSpec.on(stream).kind(AddressKind.STREAM)
                .streamOffset(StreamOffset.FIRST).preSettled(true), reader);
        return reader;
    }

    private static ConnectionInfo info(String name) {
        return new ConnectionInfo("stream-bench-" + name, null, null);
    }

    @Override
    public double cpuSeconds() {
        return ProcessCpu.cpuSeconds(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            ChildBroker.deleteTree(dataDir);
        }
    }

    /** Sends durable 1 KiB messages, at most {@code window} not yet completed. */
    private static final class Appender implements StreamClients.Client {
        private final BrokerConnection connection;
        private final Producer producer;
        private final int window;
        private final Semaphore permits;
        private final AtomicLong completed = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Appender(BrokerConnection connection, Producer producer, int window) {
            this.connection = connection;
            this.producer = producer;
            this.window = window;
            this.permits = new Semaphore(window);
        }

        @Override
        public long run(long quota, long deadlineNanos) throws Exception {
            byte[] body = new byte[StreamOptions.MESSAGE_SIZE];
            for (long i = 0; i < quota && System.nanoTime() < deadlineNanos && failure.get() == null; i++) {
                permits.acquire();
                producer.send(MessageBuilder.create().durable(true).body(body).build(), null)
                        .whenComplete((ok, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            } else {
                                completed.incrementAndGet();
                            }
                            permits.release();
                        });
            }
            if (!permits.tryAcquire(window, 60, TimeUnit.SECONDS)) {
                throw new LoadFailure((window - permits.availablePermits()) + " sends did not complete in 60 s");
            }
            if (failure.get() != null) {
                throw new LoadFailure("a send failed: " + ChildBroker.rootMessage(failure.get()), failure.get());
            }
            return completed.get();
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** Counts every delivery, granting credit in steps. */
    private static final class Reader implements StreamClients.Client, DeliverySink {
        private final BrokerConnection connection;
        private final AtomicLong received = new AtomicLong();
        private final CountDownLatch finished = new CountDownLatch(1);
        private final AtomicReference<BrokerException> closedBy = new AtomicReference<>();
        private volatile long quota = Long.MAX_VALUE;
        private volatile Consumer consumer;

        Reader(BrokerConnection connection) {
            this.connection = connection;
        }

        @Override
        public void deliver(Delivery delivery) {
            long n = received.incrementAndGet();
            if (n % CREDIT_STEP == 0) {
                consumer.addCredit(CREDIT_STEP);
            }
            if (n >= quota) {
                finished.countDown();
            }
        }

        @Override
        public void closed(BrokerException cause) {
            closedBy.set(cause == null ? new BrokerException(BrokerException.Kind.INTERNAL, "closed") : cause);
            finished.countDown();
        }

        @Override
        public long run(long want, long deadlineNanos) throws InterruptedException {
            quota = want;
            consumer.addCredit(2 * CREDIT_STEP);
            finished.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (closedBy.get() != null) {
                throw new LoadFailure("the broker closed the reader after " + received.get() + " messages: "
                        + closedBy.get().getMessage(), closedBy.get());
            }
            return Math.min(received.get(), want);
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
