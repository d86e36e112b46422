package io.tributary.broker.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tributary.core.Broker;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.MessageTrace;
import io.tributary.core.security.Permission;
import io.tributary.core.security.Permissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The message trace resources: {@code GET /api/messages/ID/trace} (ID the message-id as the client set it,
 * URL-encoded) and {@code GET /api/messages/trace?correlation-id=ID}, {@code ?property=NAME&value=VALUE} or
 * {@code ?message-id=ID}. The answer lists the traces found whose address the user may browse (the others are
 * left out), oldest first: {@code [{"messageId", "correlationId", "brokerId", "address", "events": [{"time",
 * "type", ...details}]}]}.
 *
 * <p>Thread-safe and stateless apart from the broker; the lookup runs on a store-read thread.
 */
final class MessageTraces {

    private final Broker broker;

    MessageTraces(Broker broker) {
        this.broker = broker;
    }

    CompletionStage<Answer> answer(Request r, String user) {
        List<String> s = r.segments();
        MessageTrace.Lookup lookup;
        if (s.size() == 4 && s.get(3).equals("trace")) {
            lookup = MessageTrace.Lookup.messageId(s.get(2));
        } else if (s.size() == 3 && s.get(2).equals("trace")) {
            lookup = lookup(r);
        } else {
            throw ApiException.notFound("no resource at /" + ClientText.safe(String.join("/", s))
                    + "; a message's trace is at /api/messages/ID/trace or /api/messages/trace?correlation-id=ID");
        }
        if (!r.method().equals(HttpMethod.GET)) {
            return CompletableFuture.completedFuture(new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED, Json.error(
                    "this resource takes GET"), null, "GET"));
        }
        Permissions p = broker.config().permissions();
        return broker.management().trace(lookup).thenApply(traces -> Answer.ok(traces.stream()
                .filter(t -> p.allows(user, Permission.BROWSE, t.address())).map(MessageTraces::json).toList()));
    }

    private static MessageTrace.Lookup lookup(Request r) {
        String messageId = r.param("message-id");
        String correlationId = r.param("correlation-id");
        String property = r.param("property");
        try {
            if (messageId != null) {
                return MessageTrace.Lookup.messageId(messageId);
            }
            if (correlationId != null) {
                return MessageTrace.Lookup.correlationId(correlationId);
            }
            if (property != null) {
                return MessageTrace.Lookup.property(property, r.param("value"));
            }
        } catch (BrokerException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        throw ApiException.badRequest("a trace lookup needs ?message-id=ID, ?correlation-id=ID or"
                + " ?property=NAME&value=VALUE");
    }

    static Map<String, Object> json(MessageTrace t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", t.messageId());
        out.put("correlationId", t.correlationId());
        out.put("brokerId", t.brokerId());
        out.put("address", t.address());
        out.put("events", t.events().stream().map(e -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("time", e.time().toString());
            event.put("type", e.type());
            event.putAll(e.details());
            return event;
        }).toList());
        return out;
    }
}
