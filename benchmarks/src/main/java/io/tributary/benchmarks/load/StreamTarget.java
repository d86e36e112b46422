package io.tributary.benchmarks.load;

/**
 * A broker measured by {@link StreamBenchmark}: it makes streams and opens producers and from-the-start readers
 * on them.
 *
 * <p>Thread model: created, started and closed by the tool's main thread; its openers are called from the client
 * threads of {@link StreamClients}, so they must be thread-safe.
 */
interface StreamTarget extends AutoCloseable {

    String label();

    /** Starts the broker; throws {@link LoadFailure} with a clear message if it cannot. */
    void start();

    /** Creates the stream (Tributary) or topic (Kafka) {@code name} if it does not exist yet. */
    void createStream(String name);

    /** Opens producer number {@code index} of 1 KiB messages to {@code stream}. */
    StreamClients.Client openProducer(String stream, int index) throws Exception;

    /** Opens reader number {@code index} of {@code stream} from its first message, independent of all others. */
    StreamClients.Client openReader(String stream, String workload, int index) throws Exception;

    /** CPU seconds used so far by the broker and the clients (the tool's JVM plus any broker process). */
    double cpuSeconds();

    @Override
    void close();
}
