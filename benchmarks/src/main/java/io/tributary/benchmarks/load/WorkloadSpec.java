package io.tributary.benchmarks.load;

import java.util.List;

/**
 * One workload of the load tool: how many producers and consumers, queue or topic, persistent or not, synchronous
 * sends or asynchronous ones (JMS 2 {@code send(message, CompletionListener)}), and an optional fixed send rate.
 *
 * @param name short name printed in the tables
 * @param producers producer threads, each on its own connection
 * @param consumers consumers (queue: competing; topic: non-durable subscribers, each getting every message)
 * @param topic a topic (fan-out) rather than a queue
 * @param persistent persistent (durable) messages
 * @param asyncSend send with a CompletionListener instead of blocking until the broker confirms
 * @param ratePerSecond messages per second over all producers, or 0 for as fast as the broker takes them
 * @param syncNonPersistent non-persistent messages sent synchronously too (Qpid JMS {@code jms.forceSyncSend}):
 *     each send waits for the broker's answer, as a persistent one does, without the store
 */
record WorkloadSpec(String name, int producers, int consumers, boolean topic, boolean persistent,
        boolean asyncSend, int ratePerSecond, boolean syncNonPersistent) {

    WorkloadSpec(String name, int producers, int consumers, boolean topic, boolean persistent, boolean asyncSend,
                 int ratePerSecond) {
        this(name, producers, consumers, topic, persistent, asyncSend, ratePerSecond, false);
    }

    WorkloadSpec {
        if (producers < 1 || consumers < 1 || ratePerSecond < 0) {
            throw new IllegalArgumentException("workload " + name + ": producers " + producers + " and consumers "
                    + consumers + " must be at least 1 and the rate " + ratePerSecond + " not negative");
        }
    }

    /** Deliveries per message sent: every subscriber of a topic gets each message; a queue delivers it once. */
    int fanOut() {
        return topic ? consumers : 1;
    }

    /** The workloads of issue 4's measurements, the latency one at {@code latencyRate} messages per second. */
    static List<WorkloadSpec> amqpStandard(int latencyRate) {
        return List.of(
                new WorkloadSpec("durable-queue-1p", 1, 1, false, true, false, 0),
                new WorkloadSpec("durable-queue-8p", 8, 1, false, true, false, 0),
                new WorkloadSpec("durable-queue-4c", 1, 4, false, true, false, 0),
                new WorkloadSpec("nondurable-queue", 1, 1, false, false, false, 0),
                new WorkloadSpec("topic-fanout-4", 1, 4, true, false, false, 0),
                new WorkloadSpec("latency-" + latencyRate + "/s", 1, 1, false, true, true, latencyRate),
                new WorkloadSpec("nondurable-queue-1p-sync", 1, 1, false, false, false, 0, true));
    }

    /** The workloads of issue 5's in-process measurements: 1 producer, 1 consumer, persistent and not. */
    static List<WorkloadSpec> inVmStandard() {
        return List.of(
                new WorkloadSpec("persistent-queue", 1, 1, false, true, false, 0),
                new WorkloadSpec("nonpersistent-queue", 1, 1, false, false, false, 0));
    }

    String describe() {
        String kind = topic ? "topic, " + consumers + " subscribers" : "queue, " + consumers + " consumer(s)";
        String delivery = persistent ? "persistent" : "non-persistent";
        String sends = asyncSend ? "async sends" : persistent || syncNonPersistent ? "sync sends"
                : "provider-default sends";
        String rate = ratePerSecond > 0 ? ", " + ratePerSecond + " msgs/s fixed rate" : "";
        return producers + " producer(s), " + kind + ", " + delivery + ", " + sends + rate;
    }
}
