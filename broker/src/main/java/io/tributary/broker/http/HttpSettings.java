package io.tributary.broker.http;

/**
 * Where the management API listens.
 *
 * @param host         the address to bind
 * @param port         the port; 0 picks a free one (the launcher switches the API off for 0 before it gets here)
 * @param maxBodyBytes the largest request body taken; a larger one is answered 413
 */
public record HttpSettings(String host, int port, int maxBodyBytes) {

    /** The port when none is configured. */
    public static final int DEFAULT_PORT = 8161;
    /** The largest request body by default: management requests are small. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;
}
