package io.tributary.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * What one workload measured against one broker.
 *
 * @param spec the workload
 * @param sent messages the producers sent (and, for async sends, the broker confirmed)
 * @param received deliveries the consumers received (sent times the fan-out when nothing is lost)
 * @param elapsedNanos from the first send to the last delivery
 * @param latencyMicros end-to-end latency of every delivery: receive time minus the send timestamp property
 * @param brokerCpuSeconds CPU the broker used in that window (NaN when not known, e.g. in-process or remote)
 * @param clientCpuSeconds CPU the tool's own JVM (all the clients) used in that window
 * @param error the first error, or null
 */
record WorkloadResult(WorkloadSpec spec, long sent, long received, long elapsedNanos, Histogram latencyMicros,
        double brokerCpuSeconds, double clientCpuSeconds, String error) {

    double deliveriesPerSecond() {
        return elapsedNanos <= 0 ? 0 : received * 1e9 / elapsedNanos;
    }

    double brokerCpuMicrosPerDelivery() {
        return received == 0 ? Double.NaN : brokerCpuSeconds * 1e6 / received;
    }

    long lost() {
        return Math.max(0, sent * spec.fanOut() - received);
    }

    boolean failed() {
        return error != null;
    }
}
