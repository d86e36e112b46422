package io.tributary.broker.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The web console: a few static files from the broker jar's {@code console/} resources, answered for {@code GET} and
 * {@code HEAD} on every path outside {@code /api}, {@code /metrics} and {@code /health}. The files need no login (they
 * hold no data); the console's scripts call the API with the user's HTTP Basic credentials.
 *
 * <p>Design note: the files are read once, when the server starts, and answered from memory on the event loop (no
 * worker, no disk). Their names carry no version, so every answer says {@code Cache-Control: no-cache} with an
 * {@code ETag} of the content: a browser asks again each time and gets a bodiless 304 while the jar is the same, and
 * never runs an old script against a newer broker. A strict {@code Content-Security-Policy} allows only the console's
 * own files (no inline script or style), so data shown from messages cannot run as script.
 *
 * <p>Immutable and thread-safe.
 */
final class ConsoleFiles {

    /** The files of the console, under {@code console/} in the jar; {@code /} answers {@code index.html}. */
    static final List<String> FILES = List.of("index.html", "console.css", "console.js", "charts.js", "pages.js",
            "favicon.svg", "lib.js", "consumers.js");
    private static final Set<String> API_ROOTS = Set.of("api", "metrics", "health");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private record File(byte[] bytes, String type, String etag) {
    }

    private final Map<String, File> files;

    private ConsoleFiles(Map<String, File> files) {
        this.files = files;
    }

    /**
     * Reads the console's files from the class path.
     *
     * @throws IllegalStateException when one is missing (a broken build)
     */
    static ConsoleFiles load() {
        return new ConsoleFiles(FILES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                ConsoleFiles::read)));
    }

    /** True for the paths the console answers: all but {@code /api...}, {@code /metrics...}, {@code /health...}. */
    static boolean covers(String uri) {
        String path = new QueryStringDecoder(uri, StandardCharsets.UTF_8).rawPath();
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return !API_ROOTS.contains(path.substring(start, end < 0 ? path.length() : end));
    }

    /**
     * The answer to {@code method} on {@code uri}: the file, 304 when {@code ifNoneMatch} names its current content,
     * 404 for a path that is no file of the console, 405 for a method other than GET and HEAD.
     */
    FullHttpResponse answer(HttpMethod method, String uri, String ifNoneMatch) {
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "the console's files take GET or HEAD");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return r;
        }
        String path = new QueryStringDecoder(uri, StandardCharsets.UTF_8).rawPath();
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        File file = files.get(name);
        if (file == null) {
            return error(HttpResponseStatus.NOT_FOUND, "no such page; the console is at /, the API under /api");
        }
        boolean same = file.etag().equals(ifNoneMatch);
        boolean body = !same && method.equals(HttpMethod.GET);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, same ? HttpResponseStatus.NOT_MODIFIED
                : HttpResponseStatus.OK, body ? Unpooled.wrappedBuffer(file.bytes()) : Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, file.type())
                .set(HttpHeaderNames.ETAG, file.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        if (!same) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, file.bytes().length);
        }
        return r;
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        byte[] bytes = Json.write(Json.error(message));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }

    private static File read(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the broker jar lacks the console file console/" + name
                        + "; rebuild it with ./mvnw package");
            }
            byte[] bytes = in.readAllBytes();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            return new File(bytes, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), "\"" + digest + "\"");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the console file console/" + name + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
