package io.tributary.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a broker's Prometheus {@code /metrics} once a second while the load tool measures it, as a Prometheus
 * server would, so the cost of producing the scrape is in the broker's figures; counts the scrapes, the failures and
 * their time for the report.
 *
 * <p>Thread model: one daemon thread scrapes and alone writes the counters; {@link #scrapes} may be read while it
 * runs, {@link #summary} and {@link #failed} after {@link #close}.
 */
final class MetricsScraper implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final String label;
    private final HttpRequest request;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-metrics-scraper");
        t.setDaemon(true);
        return t;
    });
    private volatile long scrapes;
    private volatile long failures;
    private long nanos;
    private long bytes;
    private String firstFailure;

    private MetricsScraper(String label, String baseUrl, String user, String password) {
        this.label = label;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(5));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        this.request = b.GET().build();
    }

    /** Starts scraping {@code baseUrl/metrics} every second, logging in as {@code user} when it is not null. */
    static MetricsScraper start(String label, String baseUrl, String user, String password) {
        MetricsScraper scraper = new MetricsScraper(label, baseUrl, user, password);
        scraper.timer.scheduleAtFixedRate(scraper::scrape, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return scraper;
    }

    private void scrape() {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                failed("status " + r.statusCode());
                return;
            }
            scrapes++;
            nanos += System.nanoTime() - start;
            bytes += r.body().length;
        } catch (IOException e) {
            failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(String why) {
        failures++;
        if (firstFailure == null) {
            firstFailure = why;
        }
    }

    /** What the scrapes took, for the report (call after {@link #close}). */
    String summary() {
        String text = String.format(Locale.ROOT, "%s %,d scrapes, mean %.1f ms, %,d bytes each", label, scrapes,
                scrapes == 0 ? 0.0 : nanos / 1e6 / scrapes, scrapes == 0 ? 0 : bytes / scrapes);
        return failures == 0 ? text : text + String.format(Locale.ROOT, ", %,d FAILED (first: %s)", failures,
                firstFailure);
    }

    /** The scrapes answered so far. */
    long scrapes() {
        return scrapes;
    }

    boolean failed() {
        return failures > 0 || scrapes == 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
