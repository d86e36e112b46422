package io.tributary.broker.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What the management API answers to one request: a status and a body, JSON unless a content type is given.
 *
 * @param status      the HTTP status
 * @param body        what Jackson writes as the JSON body, or the text body when {@code contentType} is set
 * @param contentType null for JSON, else the content type of the text in {@code body}
 * @param allow       for 405: the methods the resource takes, else null
 * @param retryAfter  for 429: the seconds to wait ({@code Retry-After}), else null
 */
record Answer(HttpResponseStatus status, Object body, String contentType, String allow, Long retryAfter) {

    Answer(HttpResponseStatus status, Object body, String contentType, String allow) {
        this(status, body, contentType, allow, null);
    }

    static Answer ok(Object body) {
        return new Answer(HttpResponseStatus.OK, body, null, null);
    }

    static Answer json(HttpResponseStatus status, Object body) {
        return new Answer(status, body, null, null);
    }

    static Answer text(String text, String contentType) {
        return new Answer(HttpResponseStatus.OK, text, contentType, null);
    }

    static Answer error(ApiException e) {
        return new Answer(e.status(), Json.error(e.getMessage()), null, null, e.retryAfter());
    }
}
