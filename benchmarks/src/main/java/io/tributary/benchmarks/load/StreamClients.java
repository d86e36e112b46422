package io.tributary.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the clients of one stream workload, each on its own thread: all open first, then start together, and the
 * time runs from that start to the moment the last one finished.
 *
 * <p>Thread model: {@link #run} is called by the tool's main thread and blocks until every client thread ends.
 */
final class StreamClients {

    /** One producer or reader of a workload; opened on its thread, then run once, then closed. */
    interface Client extends AutoCloseable {
        /**
         * Sends or reads until {@code quota} messages are done or {@code deadlineNanos} (System.nanoTime) passes.
         *
         * @return messages acknowledged or received
         */
        long run(long quota, long deadlineNanos) throws Exception;
    }

    /** Opens client number {@code index} of a workload. */
    interface Opener {
        Client open(int index) throws Exception;
    }

    /** What the clients did: messages done, seconds from start to the last end, and the first error if any. */
    record Outcome(long messages, double seconds, String error) {
    }

    private StreamClients() {
    }

    /**
     * @param quotas each client's quota (its length is the number of clients)
     * @param limitNanos the time limit from the common start
     */
    static Outcome run(String workload, Opener opener, long[] quotas, long limitNanos) {
        int n = quotas.length;
        AtomicLong start = new AtomicLong();
        AtomicLong end = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicReference<String> error = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(n, () -> start.set(System.nanoTime()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try (Client client = opener.open(index)) {
                    ready.await(60, TimeUnit.SECONDS);
                    done.addAndGet(client.run(quotas[index], start.get() + limitNanos));
                    end.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (BrokenBarrierException | TimeoutException e) {
                    error.compareAndSet(null, "client " + index + " of " + workload + " could not start with the"
                            + " others (another failed to open, or opening took over 60 s)");
                } catch (Exception | LinkageError e) {
                    ready.reset();
                    error.compareAndSet(null, "client " + index + " of " + workload + " failed: "
                            + ChildBroker.rootMessage(e));
                }
            }, "stream-bench-" + workload + "-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(done.get(), Double.NaN, "interrupted");
            }
        }
        double seconds = end.get() == 0 ? Double.NaN : (end.get() - start.get()) / 1e9;
        return new Outcome(done.get(), seconds, error.get());
    }

    /** {@code total} split over {@code n} clients, the remainder to the first ones. */
    static long[] split(long total, int n) {
        long[] quotas = new long[n];
        for (int i = 0; i < n; i++) {
            quotas[i] = total / n + (i < total % n ? 1 : 0);
        }
        return quotas;
    }

    /** The same quota for each of {@code n} clients. */
    static long[] each(long quota, int n) {
        long[] quotas = new long[n];
        Arrays.fill(quotas, quota);
        return quotas;
    }
}
