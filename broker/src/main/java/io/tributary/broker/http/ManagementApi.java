package io.tributary.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tributary.core.AddressInfo;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Broker;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.Management;
import io.tributary.core.QueueStatus;
import io.tributary.core.config.AddressKeys;
import io.tributary.core.config.Settings;
import io.tributary.core.security.Audit;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import io.tributary.core.security.Permission;
import io.tributary.core.security.Permissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources of the management API: routes a {@link Request} to the engine's {@link io.tributary.core.Addresses}
 * and {@link Management} and answers JSON. Every change is checked in full before the engine is called, so bad
 * input changes nothing.
 *
 * <p>Thread-safe and stateless apart from the broker; runs on the HTTP server's worker thread.
 */
final class ManagementApi {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);
    private static final int DEFAULT_BROWSE = 100;

    private final Broker broker;
    private final Supplier<String> metrics;
    private final Credentials users;
    /** The API marks a consumer stuck that holds deliveries and acknowledges none for this long. */
    private final Duration stuckConsumerAfter;
    private final TopicAndStreamResources topicsAndStreams;
    private final LoginThrottle throttle;

    /**
     * @param metrics  the Prometheus text for {@code /metrics} (scraped on the worker thread)
     * @param users    the configured users: when there is one, everything but {@code /health} needs HTTP Basic
     *                 authentication as one of them
     * @param throttle failed logins by source address: while one is held back, its requests get 429
     */
    ManagementApi(Broker broker, Supplier<String> metrics, Credentials users, LoginThrottle throttle,
                  Duration stuckConsumerAfter) {
        this.broker = broker;
        this.stuckConsumerAfter = stuckConsumerAfter;
        this.metrics = metrics;
        this.users = users;
        this.topicsAndStreams = new TopicAndStreamResources(broker.management());
        this.throttle = throttle;
    }

    /** Answers one request; what waits for the store completes later. */
    CompletionStage<Answer> handle(Request r) {
        try {
            return route(r).exceptionally(ManagementApi::failure).thenApply(a -> audited(r, a));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    /** A change that succeeded goes to the audit log: who, the method and the path. */
    private Answer audited(Request r, Answer a) {
        if (!r.method().equals(HttpMethod.GET) && a.status().code() < 300) {
            String[] given = r.basicCredentials();
            Audit.change(given == null ? null : given[0], r.method() + " /" + String.join("/", r.segments())
                    + auditedParameters(r)
                    + (r.method().equals(HttpMethod.PATCH) ? " " + r.jsonBody() : ""));
        }
        return a;
    }

    /** The query parameters that say what a change did: a move's or reset's {@code to}, a reset's others. */
    private static String auditedParameters(Request r) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("to", "offset", "timestamp", "force")) {
            if (r.param(name) != null) {
                out.append(out.isEmpty() ? '?' : '&').append(name).append('=').append(r.param(name));
            }
        }
        return out.toString();
    }

    private static Answer failure(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null
                ? t.getCause() : t;
        if (cause instanceof ApiException api) {
            return Answer.error(api);
        }
        if (cause instanceof BrokerException be) {
            return Answer.error(ApiException.of(be));
        }
        LOG.error("management request failed", cause);
        return Answer.error(new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "the broker failed on this request; its log says why"));
    }

    private CompletionStage<Answer> route(Request r) {
        List<String> s = r.segments();
        int n = s.size();
        String user = null;
        if (!(n > 0 && s.get(0).equals("health"))) {
            user = authenticate(r);
            authorize(r, user);
        }
        if (n == 2 && s.get(0).equals("health")) {
            return switch (s.get(1)) {
                case "live" -> only(r, "GET", () -> Answer.ok(Map.of("status", "live")));
                case "ready" -> only(r, "GET", this::ready);
                default -> notFound(r);
            };
        }
        if (n == 1 && s.get(0).equals("metrics")) {
            return only(r, "GET", () -> Answer.text(metrics.get(), "text/plain; version=0.0.4; charset=utf-8"));
        }
        if (n < 2 || !s.get(0).equals("api")) {
            return notFound(r);
        }
        return switch (s.get(1)) {
            case "addresses" -> addresses(r, n, user);
            case "queues" -> queues(r, n);
            case "connections" -> connections(r, n);
            case "topics" -> topicsAndStreams.topics(r, n);
            case "streams" -> topicsAndStreams.streams(r, n);
            case "me" -> n == 2 ? me(r, user) : notFound(r);
            case "messages" -> new MessageTraces(broker).answer(r, user);
            default -> notFound(r);
        };
    }

    private CompletionStage<Answer> addresses(Request r, int n, String user) {
        if (n == 2) {
            return r.method().equals(HttpMethod.POST) ? now(() -> createAddress(r.jsonBody(), user))
                    : only(r, "GET, POST", () -> Answer.ok(broker.addresses().list().stream().map(Json::address)
                            .toList()));
        }
        if (n == 3) {
            String name = r.segment(2);
            if (r.method().equals(HttpMethod.PATCH)) {
                return changeAddress(name, r.jsonBody());
            }
            return r.method().equals(HttpMethod.DELETE) ? now(() -> deleteAddress(name, r.flag("force")))
                    : only(r, "GET, PATCH, DELETE", () -> Answer.ok(Json.address(broker.addresses().find(name)
                            .orElseThrow(() -> noAddress(name)))));
        }
        return notFound(r);
    }

    private CompletionStage<Answer> queues(Request r, int n) {
        Management m = broker.management();
        if (n == 2) {
            return only(r, "GET", () -> Answer.ok(m.queues().stream().map(Json::queue).toList()));
        }
        String queue = r.segment(2);
        if (n == 3) {
            return only(r, "GET", () -> Answer.ok(Json.queue(m.queue(queue).orElseThrow(() -> ApiException.notFound(
                    "queue " + Json.quote(queue) + " does not exist; GET /api/queues lists them")))));
        }
        if (n == 4 && r.segment(3).equals("messages")) {
            if (!r.method().equals(HttpMethod.GET)) {
                return methodNotAllowed("GET");
            }
            return m.browse(queue, r.param("selector"), r.intParam("limit", DEFAULT_BROWSE, 1, Management.MAX_BROWSE))
                    .thenApply(page -> Answer.ok(page.stream().map(Json::message).toList()));
        }
        if (n == 4 && r.segment(3).equals("consumers")) {
            return only(r, "GET", () -> {
                Instant now = broker.config().clock().instant();
                return Answer.ok(m.consumers(queue).stream().map(c -> Json.consumer(c, stuckConsumerAfter, now))
                        .toList());
            });
        }
        if (n == 4 && r.segment(3).equals("retry")) {
            return post(r, () -> m.retry(queue).thenApply(moved -> Answer.ok(Map.of("retried", moved))));
        }
        if (n == 4 && r.segment(3).equals("purge")) {
            return post(r, () -> m.purge(queue).thenApply(purged -> Answer.ok(Map.of("purged", purged))));
        }
        if (n == 5 && r.segment(3).equals("messages")) {
            long id = messageId(r.segment(4));
            if (r.method().equals(HttpMethod.GET)) {
                String address = m.queue(queue).map(QueueStatus::address).orElse(null);
                return m.message(queue, id).thenApply(v -> Answer.ok(Json.messageDetail(v, address)));
            }
            return r.method().equals(HttpMethod.DELETE)
                    ? m.removeMessage(queue, id).thenApply(x -> Answer.ok(Map.of("removed", id)))
                    : methodNotAllowed("GET, DELETE");
        }
        if (n == 6 && r.segment(3).equals("messages") && r.segment(5).equals("retry")) {
            long id = messageId(r.segment(4));
            return post(r, () -> m.retry(queue, id).thenApply(to -> Answer.ok(Map.of("retried", id, "to", to))));
        }
        if (n == 6 && r.segment(3).equals("messages") && r.segment(5).equals("move")) {
            long id = messageId(r.segment(4));
            return post(r, () -> {
                String to = r.param("to");
                if (to == null || to.isBlank()) {
                    throw ApiException.badRequest("move needs the target address: ?to=ADDRESS");
                }
                return m.moveMessage(queue, id, to).thenApply(x -> Answer.ok(Map.of("moved", id, "to", to)));
            });
        }
        return notFound(r);
    }

    private CompletionStage<Answer> connections(Request r, int n) {
        Management m = broker.management();
        if (n == 2) {
            return only(r, "GET", () -> Answer.ok(m.connections().stream().map(Json::connection).toList()));
        }
        if (n == 3) {
            String id = r.segment(2);
            if (r.method().equals(HttpMethod.GET)) {
                return now(() -> Answer.ok(Json.connectionDetail(m.connection(id).orElseThrow(() -> ApiException
                        .notFound("no open connection has id " + Json.quote(id) + "; GET /api/connections lists "
                                + "them")))));
            }
            if (!r.method().equals(HttpMethod.DELETE)) {
                return methodNotAllowed("GET, DELETE");
            }
            return now(() -> {
                m.closeConnection(id, "closed by an operator through the management API");
                return Answer.ok(Map.of("closed", id));
            });
        }
        return notFound(r);
    }

    /**
     * 401 unless the request names a configured user with the right password (when users are configured). An
     * unknown user and a wrong password are answered alike, after the same work ({@link Credentials}), and count
     * alike in the {@link LoginThrottle}: while the source address is held back after failed logins, every request
     * from it that gives credentials gets 429 with {@code Retry-After}, without its password being looked at.
     */
    private String authenticate(Request r) {
        if (users == null || users.isEmpty()) {
            return null;
        }
        String[] given = r.basicCredentials();
        long held = given == null || r.remote() == null ? 0 : throttle.heldMillis(r.remote());
        if (held > 0) {
            long seconds = (held + 999) / 1000;
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "too many failed logins from this address "
                    + "lately; try again in " + seconds + " s", seconds);
        }
        boolean ok = given != null && users.passwordMatches(given[0], given[1]);
        if (given != null && r.remote() != null) {
            throttle.judged(r.remote(), ok);
        }
        if (ok) {
            return given[0];
        }
        if (given != null) {
            Audit.loginFailed("the management API (HTTP Basic) from " + r.remote(), given[0],
                    "unknown user or wrong password");
        }
        throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "the management API needs the user name and "
                + "password of a user of the broker's configuration (HTTP Basic authentication)");
    }

    /**
     * Checks the user's permissions (when {@code permissions.*} are configured) for what the request would do:
     * reading one address, queue, topic or stream needs {@code browse} on it, creating an address {@code create},
     * changing its settings {@code manage}, deleting one {@code delete}, changing a queue's messages {@code manage}
     * on it (a move also {@code send} on the target), resetting a stream's consumer group {@code manage} on the
     * stream, closing a connection {@code manage} on every address ({@code #}). Lists, {@code /metrics} and
     * {@code /health} need only a login. A refusal is 403 naming the permission; a change that is let through is
     * written to the audit log once it is done.
     */
    private void authorize(Request r, String user) {
        Permissions p = broker.config().permissions();
        List<String> s = r.segments();
        int n = s.size();
        boolean read = r.method().equals(HttpMethod.GET);
        if (n < 3 || !s.get(0).equals("api")) {
            return; // creating an address is checked by createAddress, once it has read the name from the body
        }
        String target = s.get(2);
        switch (s.get(1)) {
            case "addresses" -> p.check(user, read ? Permission.BROWSE
                    : r.method().equals(HttpMethod.PATCH) ? Permission.MANAGE : Permission.DELETE, target);
            case "queues" -> {
                p.check(user, read ? Permission.BROWSE : Permission.MANAGE, target);
                if (n == 6 && r.param("to") != null && !r.param("to").isBlank()) {
                    p.check(user, Permission.SEND, r.param("to"));
                }
            }
            case "topics", "streams" -> p.check(user, read ? Permission.BROWSE : Permission.MANAGE, target);
            case "connections" -> {
                if (!read) {
                    p.check(user, Permission.MANAGE, "#");
                }
            }
            default -> { }
        }
    }

    /** {@code GET /api/me[?address=NAME]}: the caller and their permissions, for the console ({@link CallerInfo}). */
    private CompletionStage<Answer> me(Request r, String user) {
        return only(r, "GET", () -> {
            Map<String, Object> me = CallerInfo.of(broker.config().permissions(), user, r.param("address"));
            me.put("stuckConsumerAfterMillis", stuckConsumerAfter.toMillis());
            return Answer.ok(me);
        });
    }

    private Answer ready() {
        if (broker.management().ready()) {
            return Answer.ok(Map.of("status", "ready"));
        }
        return Answer.json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("status", "not ready",
                "error", "the store does not write (or the broker is stopping); the broker's log says why"));
    }

    private Answer createAddress(JsonNode body, String user) {
        String name = text(body, "name");
        String kindText = text(body, "kind");
        if (name == null || name.isBlank() || kindText == null) {
            throw ApiException.badRequest("an address needs a name and a kind, e.g. {\"name\": \"orders\", \"kind\":"
                    + " \"queue\"}");
        }
        broker.config().permissions().check(user, Permission.CREATE, name);
        AddressKind kind = parse(AddressKeys.KIND, kindText);
        AddressSettings settings = settings(body.get("settings"), broker.config().settingsFor(name));
        if (broker.addresses().find(name).isPresent()) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "address " + Json.quote(name) + " exists; delete it "
                    + "first to create it with other settings");
        }
        AddressInfo created = broker.addresses().declare(name, kind, settings);
        LOG.info("address {} ({}) created through the management API", ClientText.safe(name),
                kind);
        return Answer.json(HttpResponseStatus.CREATED, Json.address(created));
    }

    /** The settings a create body gives over {@code base}; 400 naming an unknown setting or a bad value. */
    private static AddressSettings settings(JsonNode node, AddressSettings base) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("settings must be a JSON object of setting names and values, e.g. "
                    + "{\"max-delivery-attempts\": 5}");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (AddressKeys.setting(key).isEmpty()) {
                unknown.add(Json.quote(key));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown address setting(s) " + String.join(", ", unknown) + "; known: "
                    + AddressKeys.SETTINGS.stream().map(Settings.Key::name).toList());
        }
        return AddressKeys.read(base, new AddressKeys.Lookup() {
            @Override
            public <T> T get(Settings.Key<T> setting, T fallback) {
                JsonNode value = node.get(setting.name());
                if (value == null || value.isNull()) {
                    return fallback;
                }
                if (value.isContainerNode()) {
                    throw ApiException.badRequest("setting " + setting.name() + " must be a single value");
                }
                return parse(setting, value.asText());
            }
        });
    }

    /** A value parsed as the configuration file parses it; 400 naming the setting and the value otherwise. */
    private static <T> T parse(Settings.Key<T> setting, String text) {
        try {
            return setting.parser().apply(text);
        } catch (IllegalArgumentException | BrokerException e) {
            throw ApiException.badRequest(setting.name() + " " + Json.quote(text) + " is invalid: " + e.getMessage());
        }
    }

    /**
     * Changes an address's settings at run time: the body is an object of settings as a create body's
     * {@code settings}; 400 naming what is unknown, invalid or cannot change while the broker runs (nothing changes).
     */
    private CompletionStage<Answer> changeAddress(String name, JsonNode body) {
        for (String fixed : List.of("name", AddressKeys.KIND.name())) {
            if (body.has(fixed)) {
                throw ApiException.badRequest(fixed + " cannot change while the broker runs; delete the address and "
                        + "create it again (its messages are lost)");
            }
        }
        if (body.isEmpty()) {
            throw ApiException.badRequest("give the settings to change, e.g. {\"max-delivery-attempts\": 5}");
        }
        broker.addresses().find(name).orElseThrow(() -> noAddress(name));
        return broker.addresses().change(name, current -> settings(body, current)).thenApply(a -> {
            LOG.info("address {} settings changed through the management API", ClientText.safe(name));
            Map<String, Object> out = Json.address(a);
            if (a.configured()) {
                out.put("warning", "address " + Json.quote(name) + " is declared in the configuration file, whose "
                        + "settings apply again when the broker next starts: this change lasts until then; put it in "
                        + "the file to keep it");
            }
            return Answer.ok(out);
        });
    }

    private Answer deleteAddress(String name, boolean force) {
        AddressInfo a = broker.addresses().find(name).orElseThrow(() -> noAddress(name));
        if (!force && (a.consumerCount() > 0 || a.messageCount() > 0)) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "address " + Json.quote(name) + " has "
                    + a.consumerCount() + " consumer(s) and " + a.messageCount() + " message(s); close the consumers"
                    + " and drain it, or delete with ?force=true (its messages are lost)");
        }
        broker.addresses().delete(name, force);
        LOG.info("address {} deleted through the management API{}", ClientText.safe(name),
                force ? " (forced)" : "");
        return Answer.ok(Map.of("deleted", name));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v != null && !v.isTextual()) {
            throw ApiException.badRequest("field " + field + " must be a string");
        }
        return v == null ? null : v.asText();
    }

    private static long messageId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("message id " + Json.quote(text) + " is not a number; browse the queue for"
                    + " the ids");
        }
    }

    private static ApiException noAddress(String name) {
        return ApiException.notFound("address " + Json.quote(name) + " does not exist; GET /api/addresses lists them");
    }

    private static CompletionStage<Answer> now(Supplier<Answer> work) {
        return CompletableFuture.completedFuture(work.get());
    }

    static CompletionStage<Answer> only(Request r, String allowed, Supplier<Answer> work) {
        return r.method().name().equals(allowed.split(",")[0].trim()) ? now(work) : methodNotAllowed(allowed);
    }

    static CompletionStage<Answer> post(Request r, Supplier<CompletionStage<Answer>> work) {
        return r.method().equals(HttpMethod.POST) ? work.get() : methodNotAllowed("POST");
    }

    private static CompletionStage<Answer> methodNotAllowed(String allowed) {
        return CompletableFuture.completedFuture(new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, Json.error(
                "this resource takes " + allowed), null, allowed));
    }

    static CompletionStage<Answer> notFound(Request r) {
        throw ApiException.notFound("no resource at /" + ClientText.safe(String.join("/", r.segments()))
                + "; the API is under /api (addresses, queues, topics, streams, connections, messages, me), /metrics"
                + " and /health");
    }
}
