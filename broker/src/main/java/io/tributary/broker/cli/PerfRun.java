package io.tributary.broker.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * One run of {@code perf producer} or {@code perf consumer}: opens a connection per thread, runs {@link #work} on
 * each until the count, the duration or Ctrl-C ends it, prints the rate and latency percentiles of the last second
 * every second and a summary at the end.
 *
 * <p>Thread model: {@link #run} is called once, on the command's thread, which opens the connections, reports and
 * closes; each worker thread runs {@link #work} on its own connection. The counters and the latency
 * {@link Recorder} are shared by the workers (both are safe for concurrent writers); {@link #stop} is set by the
 * worker that reaches the count, by the first failure, or by the shutdown hook on Ctrl-C.
 */
abstract class PerfRun {

    /** The long property that carries the producer's send time, in microseconds since the epoch. */
    static final String SENT_AT = "tributaryPerfSentAtMicros";

    /** Messages sent or received so far, by every worker. */
    final AtomicLong done = new AtomicLong();
    /** Latencies in microseconds. */
    final Recorder latencies = new Recorder(3);
    volatile boolean stop;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long deadline = Long.MAX_VALUE;
    private long startedAt;
    private long endedAt;

    abstract PerfOptions options();

    /** "producer" or "consumer". */
    abstract String role();

    /** What the latency measures, e.g. "send latency". */
    abstract String latencyName();

    /** Sends or receives on one connection until {@link #finished} says so. */
    abstract void work(Connection connection) throws JMSException;

    /** Adds the run's settings to the JSON summary. */
    abstract void describe(ObjectNode settings);

    /** Whether a worker should stop now: asked to, or the duration is over. */
    final boolean finished() {
        return stop || System.nanoTime() >= deadline;
    }

    /** The wall clock in microseconds since the epoch: the producer's stamp and the consumer's receive time. */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    final int run() throws InterruptedException {
        PerfOptions o = options();
        o.validate();
        quietClientLogs();
        PrintWriter out = o.command.commandLine().getOut();
        PrintWriter lines = o.json ? o.command.commandLine().getErr() : out;
        JmsConnectionFactory factory = o.factory();
        List<Connection> connections = new ArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop = true;
            awaitQuietly(closed);
        }, "tributary-perf-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (int i = 0; i < o.threads; i++) {
                Connection c = factory.createConnection();
                connections.add(c);
                c.start();
            }
            Histogram total = measure(connections, lines);
            summary(total, out);
            Exception e = failure.get();
            if (e != null) {
                throw failure(e);
            }
            return 0;
        } catch (JMSException e) {
            throw failure(e);
        } finally {
            stop = true;
            for (Connection c : connections) {
                closeQuietly(c);
            }
            closed.countDown();
            removeQuietly(hook);
        }
    }

    private Histogram measure(List<Connection> connections, PrintWriter lines) throws InterruptedException {
        PerfOptions o = options();
        CountDownLatch workers = new CountDownLatch(connections.size());
        startedAt = System.nanoTime();
        if (!o.duration.isZero()) {
            deadline = startedAt + o.duration.toNanos();
        }
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            Thread t = new Thread(() -> {
                try {
                    work(c);
                } catch (JMSException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop = true;
                } finally {
                    workers.countDown();
                }
            }, "tributary-perf-" + role() + "-" + i);
            t.setDaemon(true);
            t.start();
        }
        Histogram total = new Histogram(3);
        long lastCount = 0;
        long lastAt = startedAt;
        boolean running = true;
        while (running) {
            running = !workers.await(1, TimeUnit.SECONDS);
            long now = System.nanoTime();
            long count = done.get();
            Histogram interval = latencies.getIntervalHistogram();
            total.add(interval);
            if (running) {
                double rate = (count - lastCount) * 1e9 / Math.max(1, now - lastAt);
                lines.printf(Locale.ROOT, "%s %4d s: %,9.0f msg/s  %s %s  (%,d in all)%n", role(),
                        TimeUnit.NANOSECONDS.toSeconds(now - startedAt), rate, latencyName(), percentiles(interval,
                                false), count);
                lines.flush();
            }
            lastCount = count;
            lastAt = now;
        }
        endedAt = System.nanoTime();
        return total;
    }

    private void summary(Histogram total, PrintWriter out) {
        PerfOptions o = options();
        long count = done.get();
        double seconds = (endedAt - startedAt) / 1e9;
        double rate = count / Math.max(seconds, 1e-9);
        if (o.json) {
            ObjectNode json = ApiClient.MAPPER.createObjectNode();
            json.put("role", role());
            json.put("address", o.address);
            json.put("messages", count);
            json.put("seconds", Math.round(seconds * 1000) / 1000.0);
            json.put("ratePerSecond", Math.round(rate));
            ObjectNode latency = json.putObject("latencyMillis");
            latency.put("count", total.getTotalCount());
            latency.put("p50", millis(total.getValueAtPercentile(50)));
            latency.put("p90", millis(total.getValueAtPercentile(90)));
            latency.put("p99", millis(total.getValueAtPercentile(99)));
            latency.put("p999", millis(total.getValueAtPercentile(99.9)));
            latency.put("max", millis(total.getMaxValue()));
            ObjectNode settings = json.putObject("settings");
            settings.put("threads", o.threads);
            settings.put("tx", o.tx);
            describe(settings);
            out.println(json.toString());
        } else {
            out.printf(Locale.ROOT, "%s summary: %,d messages in %.2f s = %,.0f msg/s%n", role(), count, seconds, rate);
            out.printf(Locale.ROOT, "%s: %s%n", latencyName(), percentiles(total, true));
        }
        out.flush();
    }

    private static String percentiles(Histogram h, boolean all) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        String middle = all ? String.format(Locale.ROOT, "  p90 %s", ms(h.getValueAtPercentile(90))) : "";
        String tail = all ? String.format(Locale.ROOT, "  p99.9 %s", ms(h.getValueAtPercentile(99.9))) : "";
        return String.format(Locale.ROOT, "p50 %s%s  p99 %s%s  max %s", ms(h.getValueAtPercentile(50)), middle,
                ms(h.getValueAtPercentile(99)), tail, ms(h.getMaxValue()));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private CliException failure(Exception e) {
        String url = options().url;
        if (e instanceof JMSSecurityException) {
            return new CliException(CliException.REFUSED, "the broker at " + url + " refused: " + e.getMessage(), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new CliException(CliException.UNREACHABLE, "cannot connect to " + url + " (" + t.getMessage()
                        + "): is the broker running at " + url + "?", e);
            }
        }
        return new CliException(CliException.FAILED, role() + " failed: " + e.getMessage(), e);
    }

    /**
     * Qpid JMS logs a failed connection as an ERROR with its cause; the command says the same in one line of its own.
     * Its loggers are switched off (SLF4J Simple reads a logger's level from a system property when the logger is
     * made), unless the user set their level.
     */
    private static void quietClientLogs() {
        String key = "org.slf4j.simpleLogger.log.org.apache.qpid.jms";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "off");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (JMSException | RuntimeException ignored) {
            // the run's outcome is already decided; a failing close adds nothing
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for this run to close
        }
    }
}
