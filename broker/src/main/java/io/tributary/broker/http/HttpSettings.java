package io.tributary.broker.http;

import java.time.Duration;

/**
 * Where the management API listens, and what it judges for operators.
 *
 * @param host               the address to bind
 * @param port               the port; 0 picks a free one (the launcher switches the API off for 0 before it gets
 *                           here)
 * @param maxBodyBytes       the largest request body taken; a larger one is answered 413
 * @param stuckConsumerAfter how long a consumer may hold unsettled deliveries without acknowledging any before the API
 *                           marks it {@code stuck} ({@code http.stuck-consumer-after})
 */
public record HttpSettings(String host, int port, int maxBodyBytes, Duration stuckConsumerAfter) {

    /** The port when none is configured. */
    public static final int DEFAULT_PORT = 8161;
    /** The largest request body by default: management requests are small. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;
    /** The stuck-consumer threshold when none is configured. */
    public static final Duration DEFAULT_STUCK_CONSUMER_AFTER = Duration.ofSeconds(10);

    /** With the default stuck-consumer threshold. */
    public HttpSettings(String host, int port, int maxBodyBytes) {
        this(host, port, maxBodyBytes, DEFAULT_STUCK_CONSUMER_AFTER);
    }
}
