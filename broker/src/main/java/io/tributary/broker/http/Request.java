package io.tributary.broker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One management request as the resources see it: method, decoded path segments, query parameters and body, and
 * the address it came from (null when unknown).
 *
 * <p>Immutable.
 */
record Request(HttpMethod method, List<String> segments, Map<String, List<String>> query, String contentType,
               byte[] body, String authorization, InetAddress remote) {

    static Request of(HttpMethod method, String uri, String contentType, byte[] body, String authorization,
                      InetAddress remote) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8);
        List<String> segments = Arrays.stream(decoder.rawPath().split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> QueryStringDecoder.decodeComponent(s, StandardCharsets.UTF_8))
                .toList();
        return new Request(method, segments, decoder.parameters(), contentType, body, authorization, remote);
    }

    /** The user and password of a {@code Basic} Authorization header, or null when there is none that decodes. */
    String[] basicCredentials() {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    String segment(int i) {
        return segments.get(i);
    }

    /** The query parameter {@code name}, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A whole-number parameter within bounds, or {@code fallback} when absent; 400 naming it otherwise. */
    int intParam(String name, int fallback, int min, int max) {
        String value = param(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("query parameter " + name + "=" + Json.quote(value) + " is not a whole number"
                + " from " + min + " to " + max);
    }

    /** {@code true} or {@code false} (absent: false); 400 otherwise. */
    boolean flag(String name) {
        String value = param(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true") || value.isEmpty()) {
            return true;
        }
        throw ApiException.badRequest("query parameter " + name + "=" + Json.quote(value) + " must be true or false");
    }

    /** The body as a JSON object; 415 unless it is {@code application/json}, 400 unless it parses to an object. */
    JsonNode jsonBody() {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the body must be JSON: send it with Content-Type: application/json");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object, e.g. {\"name\": \"orders\", "
                        + "\"kind\": \"queue\"}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
    }
}
