package io.tributary.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.security.Permissions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's files over real sockets (types, caching, no login needed) and {@code GET /api/me}. */
@Timeout(60)
class ConsoleFilesTest {

    @RegisterExtension
    final ApiFixture f = new ApiFixture().config(b -> b.permissions(Permissions.builder()
            .member("viewers", "vic")
            .member("billing", "bob")
            .grant("viewers", "#", "browse")
            .grant("billing", "billing.#", "browse,manage")
            .build())).logins(Map.of("vic", "viewer-pw", "bob", "billing-pw"));

    private HttpResponse<String> call(String method, String path, Map<String, String> headers) throws Exception {
        return f.call(method, path, headers, null).response();
    }

    private static Map<String, String> login(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void servesTheConsoleAtTheRootWithoutALogin() throws Exception {
        HttpResponse<String> index = call("GET", "/", Map.of());
        assertEquals(200, index.statusCode());
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(index.body().contains("<script type=\"module\" src=\"console.js\">"), index.body());
        assertEquals("no-cache", index.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        assertEquals("nosniff", index.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals(index.body(), call("GET", "/index.html", Map.of()).body());
        for (String file : ConsoleFiles.FILES) {
            HttpResponse<String> r = call("GET", "/" + file, Map.of());
            assertEquals(200, r.statusCode(), file);
            String expected = file.endsWith(".js") ? "text/javascript; charset=utf-8" : file.endsWith(".css")
                    ? "text/css; charset=utf-8" : file.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8";
            assertEquals(expected, r.headers().firstValue("Content-Type").orElseThrow(), file);
        }
    }

    @Test
    void answersNotModifiedWhileTheFileIsTheSame() throws Exception {
        HttpResponse<String> first = call("GET", "/console.js", Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = call("GET", "/console.js", Map.of("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(200, call("GET", "/console.js", Map.of("If-None-Match", "\"other\"")).statusCode());
        HttpResponse<String> head = call("HEAD", "/console.js", Map.of());
        assertEquals(200, head.statusCode());
        assertEquals(first.body().getBytes(StandardCharsets.UTF_8).length,
                Long.parseLong(head.headers().firstValue("Content-Length").orElseThrow()));
    }

    @Test
    void anythingElseOutsideTheApiIsNotFoundAndTheApiStillNeedsALogin() throws Exception {
        for (String path : List.of("/nope.js", "/console/console.js", "/../etc/passwd", "/%2e%2e/etc/passwd",
                "/apis")) {
            HttpResponse<String> r = call("GET", path, Map.of());
            assertEquals(404, r.statusCode(), path);
            assertTrue(r.body().contains("the console is at /"), r.body());
        }
        HttpResponse<String> post = call("POST", "/", Map.of());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(401, call("GET", "/api/me", Map.of()).statusCode());
        assertEquals(401, call("GET", "/api/queues", Map.of()).statusCode());
    }

    @Test
    void meNamesTheUserAndWhatTheyMayDo() throws Exception {
        JsonNode vic = Json.MAPPER.readTree(call("GET", "/api/me", login("vic", "viewer-pw")).body());
        assertEquals("vic", vic.path("user").asText());
        assertEquals("#", vic.path("address").asText());
        assertEquals("[\"browse\"]", vic.path("permissions").toString());

        JsonNode bob = Json.MAPPER.readTree(call("GET", "/api/me", login("bob", "billing-pw")).body());
        assertEquals("[]", bob.path("permissions").toString(), "a grant on billing.# is not one on every address");
        JsonNode bobBilling = Json.MAPPER.readTree(call("GET", "/api/me?address=billing.invoices",
                login("bob", "billing-pw")).body());
        assertEquals("billing.invoices", bobBilling.path("address").asText());
        assertEquals("[\"browse\",\"manage\"]", bobBilling.path("permissions").toString());
        assertEquals(405, call("DELETE", "/api/me", login("bob", "billing-pw")).statusCode());
    }
}
