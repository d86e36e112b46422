package io.tributary.broker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The management API as the commands use it: one request, its JSON answer, and every failure turned into a
 * {@link CliException} whose status says whose problem it is (not found, refused, unreachable, anything else).
 *
 * <p>Not thread-safe: one per command, used from the command's thread.
 */
final class ApiClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** How long a long operation (purge, retry) may take; it shows its progress meanwhile. */
    private static final Duration LONG_TIMEOUT = Duration.ofMinutes(30);
    /** A 429 of the login throttle is waited out and tried again, this many times at most, if it asks this little. */
    private static final int MAX_THROTTLED_ATTEMPTS = 3;
    private static final long MAX_THROTTLE_WAIT_SECONDS = 10;

    private final String base;
    private final String authorization;
    private final PrintWriter progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /**
     * @param base     the API's root, e.g. {@code http://127.0.0.1:8161}
     * @param user     null for no login
     * @param progress where long operations say how long they have been running
     */
    ApiClient(String base, String user, String password, PrintWriter progress) {
        this.base = base;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.progress = progress;
    }

    /** The JSON text of the answer, and the same parsed. */
    record Answer(String body, JsonNode json) {
    }

    /** A path from its segments, each encoded, e.g. {@code path("api", "queues", name)}. */
    static String path(String... segments) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** {@code path} with the query parameters whose value is not null, encoded. */
    static String query(String path, Map<String, Object> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> {
            if (v != null) {
                pairs.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
    }

    /** One parameter, for {@link #query}. */
    static Map<String, Object> param(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Sends one request. With an {@code activity} ("purging queue 'orders'") the request may take long: each
     * second it has not answered, a line says so on the progress stream.
     */
    Answer send(String method, String path, String activity) {
        return send(method, path, null, activity);
    }

    /** Sends one request with the JSON {@code body} (none when null), as {@link #send(String, String, String)}. */
    Answer send(String method, String path, String body, String activity) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = exchange(method, path, body, activity);
            long wait = r.statusCode() == 429 ? retryAfterSeconds(r) : -1;
            if (wait < 0 || wait > MAX_THROTTLE_WAIT_SECONDS || attempt == MAX_THROTTLED_ATTEMPTS) {
                return answer(method, path, r);
            }
            progress.printf("the broker holds logins from here back after failed ones; trying again in %d s%n", wait);
            progress.flush();
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(CliException.FAILED, "interrupted while waiting to try " + base + path
                        + " again", e);
            }
        }
    }

    /** The answer's Retry-After in seconds, or -1 when it has none that is a number. */
    private static long retryAfterSeconds(HttpResponse<String> r) {
        try {
            return r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private HttpResponse<String> exchange(String method, String path, String body, String activity) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(activity == null ? READ_TIMEOUT : LONG_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(b.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
            while (true) {
                try {
                    return pending.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException stillRunning) {
                    if (activity != null) {
                        progress.printf("%s... %d s%n", activity,
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                        progress.flush();
                    }
                }
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            throw new CliException(CliException.FAILED, "interrupted while waiting for " + base + path, e);
        }
    }

    private Answer answer(String method, String path, HttpResponse<String> r) {
        String body = r.body();
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            json = null;
        }
        int status = r.statusCode();
        if (status / 100 == 2) {
            if (json == null) {
                throw new CliException(CliException.FAILED, method + " " + base + path + " answered " + status
                        + " without JSON; is " + base + " the management API of a Tributary broker?");
            }
            return new Answer(body, json);
        }
        String message = json != null && json.hasNonNull("error") ? json.get("error").asText()
                : method + " " + base + path + " answered HTTP " + status
                        + (json == null ? " without a JSON error; is it a Tributary broker?" : "");
        switch (status) {
            case 404 -> throw new CliException(CliException.NOT_FOUND, message);
            case 401 -> throw new CliException(CliException.REFUSED, message + (authorization == null
                    ? "; give --user and --password (or set TRIBUTARY_PASSWORD)" : ""));
            case 403, 429 -> throw new CliException(CliException.REFUSED, message);
            default -> throw new CliException(CliException.FAILED, message);
        }
    }

    private CliException failure(Throwable t) {
        if (t instanceof CliException cli) {
            return cli;
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new CliException(CliException.UNREACHABLE, "no connection to " + base + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s: is the broker running at " + base + "?", t);
        }
        if (t instanceof HttpTimeoutException) {
            return new CliException(CliException.FAILED, "the broker at " + base + " did not answer in time", t);
        }
        if (t instanceof ConnectException) {
            return new CliException(CliException.UNREACHABLE, "cannot connect to " + base + " (connection refused):"
                    + " is the broker running at " + base + "?", t);
        }
        if (t instanceof IOException) {
            return new CliException(CliException.UNREACHABLE, "cannot talk to " + base + ": " + t.getMessage()
                    + "; is the broker running at " + base + " (http or https)?", t);
        }
        return new CliException(CliException.FAILED, "the request to " + base + " failed: " + t, t);
    }
}
