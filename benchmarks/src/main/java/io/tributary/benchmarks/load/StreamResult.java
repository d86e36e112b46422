package io.tributary.benchmarks.load;

/**
 * What one stream workload measured on one target.
 *
 * @param workload e.g. {@code append-4p} or {@code read-16r}
 * @param clients producers or readers
 * @param messages messages acknowledged (append) or delivered to all readers together (read)
 * @param expected what the workload asked for: messages to append, or readers times the stream's length
 * @param seconds from the moment every client was ready to the last acknowledgement or delivery
 * @param cpuSeconds CPU used meanwhile (the tool's JVM plus the broker's process if it has one), NaN if unknown
 * @param error why the workload failed, null if it did not
 */
record StreamResult(String workload, int clients, long messages, long expected, double seconds, double cpuSeconds,
        String error) {

    static StreamResult failed(String workload, int clients, long expected, String error) {
        return new StreamResult(workload, clients, 0, expected, Double.NaN, Double.NaN, error);
    }

    boolean failed() {
        return error != null;
    }

    double messagesPerSecond() {
        return messages == 0 ? Double.NaN : messages / seconds;
    }

    double perClientPerSecond() {
        return messagesPerSecond() / clients;
    }

    double cpuMicrosPerMessage() {
        return messages == 0 ? Double.NaN : cpuSeconds * 1e6 / messages;
    }

    /** Short form for the progress log. */
    String summary() {
        String rate = ResultTable.number("%,.0f", messagesPerSecond());
        return workload + ": " + ResultTable.number("%,.0f", messages) + " of " + ResultTable.number("%,.0f", expected)
                + " in " + ResultTable.number("%.2f", seconds) + " s = " + rate + " msgs/s"
                + (failed() ? " FAILED: " + error : "");
    }
}
