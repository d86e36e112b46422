package io.tributary.broker.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tributary.core.BrokerException;

/**
 * A request the management API refuses: its status and a message a person can act on, answered as
 * {@code {"error": "..."}}. The one place where a {@link BrokerException} becomes an HTTP status is {@link #of}.
 */
final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final Long retryAfter;

    ApiException(HttpResponseStatus status, String message) {
        this(status, message, null);
    }

    /** @param retryAfter the seconds the client should wait before it tries again ({@code Retry-After}), or null */
    ApiException(HttpResponseStatus status, String message, Long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    Long retryAfter() {
        return retryAfter;
    }

    HttpResponseStatus status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, message);
    }

    /** The status of an engine failure: the client's mistakes are 4xx, the broker's own 5xx. */
    static ApiException of(BrokerException e) {
        HttpResponseStatus status = switch (e.kind()) {
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case ALREADY_EXISTS, IN_USE, ILLEGAL_STATE, INVALID_CLIENT_ID -> HttpResponseStatus.CONFLICT;
            case INVALID_SELECTOR, INVALID_ARGUMENT -> HttpResponseStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpResponseStatus.FORBIDDEN;
            case RESOURCE_LIMIT, STORE_FAILURE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case TRANSACTION_ROLLED_BACK, INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        return new ApiException(status, e.getMessage());
    }
}
