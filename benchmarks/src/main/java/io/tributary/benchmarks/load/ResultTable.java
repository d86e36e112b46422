package io.tributary.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Prints the results of one run side by side: per workload, each broker's deliveries per second and broker CPU
 * per delivery, with the ratio of the last broker (the one measured) to each of the others (the references); then
 * each broker's latency percentiles; then any failure, in words.
 *
 * <p>Not thread-safe; built and printed by the tool's main thread.
 */
final class ResultTable {

    private final List<String> brokers;
    private final String cpuCaption;
    private final List<List<WorkloadResult>> results = new ArrayList<>();

    /**
     * @param brokers labels of the brokers, the reference first
     * @param cpuCaption what the CPU figures are, e.g. "broker CPU"
     */
    ResultTable(List<String> brokers, String cpuCaption) {
        this.brokers = List.copyOf(brokers);
        this.cpuCaption = cpuCaption;
        brokers.forEach(b -> results.add(new ArrayList<>()));
    }

    void add(int broker, WorkloadResult result) {
        results.get(broker).add(result);
    }

    void print(PrintStream out) {
        out.println();
        out.println("Throughput (deliveries/s, first send to last delivery; a topic counts each subscriber's copy)"
                + " and " + cpuCaption + " (user+system us per delivery)");
        out.println(format(throughputRows()));
        out.println("Latency in ms (receive time - send timestamp property; fixed rate: - the time the send was due)");
        out.println(format(latencyRows()));
        for (int b = 0; b < brokers.size(); b++) {
            for (WorkloadResult r : results.get(b)) {
                if (r.failed()) {
                    out.println("! " + brokers.get(b) + " " + r.spec().name() + ": " + r.error());
                }
            }
        }
    }

    private List<List<String>> throughputRows() {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("workload"));
        brokers.forEach(b -> header.add(b + " msgs/s"));
        addRatioHeader(header);
        brokers.forEach(b -> header.add(b + " cpu us/msg"));
        addRatioHeader(header);
        rows.add(header);
        for (int w = 0; w < workloadCount(); w++) {
            List<String> row = new ArrayList<>(List.of(results.get(0).get(w).spec().name()));
            List<Double> rates = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            for (List<WorkloadResult> perBroker : results) {
                WorkloadResult r = perBroker.get(w);
                rates.add(r.failed() && r.received() == 0 ? Double.NaN : r.deliveriesPerSecond());
                cpus.add(r.brokerCpuMicrosPerDelivery());
            }
            addValues(row, rates, "%,.0f");
            addValues(row, cpus, "%,.1f");
            rows.add(row);
        }
        return rows;
    }

    private void addRatioHeader(List<String> header) {
        String last = brokers.get(brokers.size() - 1);
        for (int b = 0; b < brokers.size() - 1; b++) {
            header.add("ratio " + last + "/" + brokers.get(b));
        }
    }

    private void addValues(List<String> row, List<Double> values, String pattern) {
        values.forEach(v -> row.add(number(pattern, v)));
        double last = values.get(values.size() - 1);
        for (int b = 0; b < values.size() - 1; b++) {
            row.add(number("%.2f", last / values.get(b)));
        }
    }

    private List<List<String>> latencyRows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("workload", "broker", "p50", "p90", "p99", "p99.9", "max", "sent", "received"));
        for (int w = 0; w < workloadCount(); w++) {
            for (int b = 0; b < brokers.size(); b++) {
                WorkloadResult r = results.get(b).get(w);
                Histogram h = r.latencyMicros();
                List<String> row = new ArrayList<>(List.of(b == 0 ? r.spec().name() : "", brokers.get(b)));
                for (double p : new double[] {50, 90, 99, 99.9}) {
                    row.add(millis(h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p)));
                }
                row.add(millis(h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue()));
                row.add(number("%,.0f", r.sent()));
                row.add(number("%,.0f", r.received()));
                rows.add(row);
            }
        }
        return rows;
    }

    private int workloadCount() {
        return results.stream().mapToInt(List::size).min().orElse(0);
    }

    private static String millis(double micros) {
        return number("%,.3f", micros / 1000);
    }

    static String number(String pattern, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, pattern, value);
    }

    /** Left-aligns the first column, right-aligns the others, two spaces apart. */
    static String format(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c == 0 ? cell + pad : "  " + pad + cell);
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
