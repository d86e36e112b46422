package io.tributary.broker.cli;

import static io.tributary.broker.cli.ApiClient.path;
import static io.tributary.broker.cli.ApiClient.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary message browse|get|move|retry}: the messages of a queue through the management API.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "message", description = "Browse, show, move and retry the messages of a queue (through the"
        + " management API).")
public final class MessageCommand {

    private static final Table MESSAGES = Table.of("id", "deliveryCount", "size", "scheduled", "header.durable",
            "header.priority", "properties.messageId", "properties.subject", "applicationProperties");

    @Command(name = "browse", description = "Lists a page of the messages waiting in a queue.")
    int browse(@Mixin ApiOptions api,
            @Parameters(paramLabel = "QUEUE", description = "the queue") String queue,
            @Option(names = "--selector", paramLabel = "S", description = "only messages that match this JMS selector")
            String selector,
            @Option(names = "--limit", paramLabel = "N", description = "at most N messages (the broker's default: 100)")
            Integer limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("selector", selector);
        params.put("limit", limit);
        ApiClient.Answer a = api.client().get(query(path("api", "queues", queue, "messages"), params));
        api.print(a, () -> MESSAGES.print(a.json(), api.out(), "no messages"));
        return 0;
    }

    @Command(name = "get", description = "Shows one message: its header, properties, annotations and body.")
    int get(@Mixin ApiOptions api, @Parameters(paramLabel = "QUEUE", description = "the queue") String queue,
            @Parameters(paramLabel = "ID", description = "the message's id (see browse)") long id) {
        ApiClient.Answer a = api.client().get(path("api", "queues", queue, "messages", Long.toString(id)));
        api.print(a, () -> {
            JsonNode body = a.json().get("body");
            JsonNode rest = a.json().isObject() ? ((ObjectNode) a.json().deepCopy()).without("body") : a.json();
            Table.fields(rest, api.out());
            if (body != null) {
                api.out().println("body:");
                api.out().println(body.isTextual() ? body.asText() : body.toString());
            }
        });
        return 0;
    }

    @Command(name = "move", description = "Moves one message of a queue to another address.")
    int move(@Mixin ApiOptions api, @Parameters(paramLabel = "QUEUE", description = "the queue") String queue,
            @Parameters(paramLabel = "ID", description = "the message's id (see browse)") long id,
            @Option(names = "--to", paramLabel = "ADDRESS", required = true, description = "the address to move it to")
            String to) {
        ApiClient.Answer a = api.client().send("POST", query(path("api", "queues", queue, "messages",
                Long.toString(id), "move"), ApiClient.param("to", to)), null);
        api.print(a, () -> api.out().println("moved message " + id + " from " + queue + " to " + to));
        return 0;
    }

    @Command(name = "retry", description = "Sends dead-lettered messages back to their original address: every"
            + " message of the queue, or the one with this ID.")
    int retry(@Mixin ApiOptions api,
            @Parameters(index = "0", paramLabel = "QUEUE", description = "the dead-letter queue, e.g. DLQ.orders")
            String queue,
            @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "only this message") Long id) {
        if (id == null) {
            ApiClient.Answer a = api.client().send("POST", path("api", "queues", queue, "retry"),
                    "retrying the messages of queue '" + queue + "'");
            api.print(a, () -> api.out().println("retried " + Table.text(a.json().path("retried"))
                    + " message(s) from " + queue + " to their original address"));
            return 0;
        }
        ApiClient.Answer a = api.client().send("POST", path("api", "queues", queue, "messages", Long.toString(id),
                "retry"), null);
        api.print(a, () -> api.out().println("retried message " + id + " from " + queue + " to its original address"));
        return 0;
    }
}
