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
 * {@code tributary message browse|get|move|retry|trace}: the messages of a queue through the management API.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "message", description = "Browse, show, move, retry and trace the messages of a queue (through"
        + " the management API).")
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

    @Command(name = "trace", description = "Shows the life of traced messages (addresses with tracing=on), found by"
            + " message-id, or by --correlation-id or --property NAME=VALUE: each event with its time.")
    int trace(@Mixin ApiOptions api,
            @Parameters(arity = "0..1", paramLabel = "MESSAGE-ID", description = "the message-id the client set")
            String messageId,
            @Option(names = "--correlation-id", paramLabel = "ID", description = "find by correlation-id instead")
            String correlationId,
            @Option(names = "--property", paramLabel = "NAME=VALUE", description = "find by an application property")
            String property) {
        Map<String, Object> params = new LinkedHashMap<>();
        if ((messageId == null ? 0 : 1) + (correlationId == null ? 0 : 1) + (property == null ? 0 : 1) != 1) {
            throw new CliException(CliException.USAGE, "message trace takes exactly one of MESSAGE-ID,"
                    + " --correlation-id ID and --property NAME=VALUE");
        }
        if (property != null) {
            int eq = property.indexOf('=');
            if (eq <= 0) {
                throw new CliException(CliException.USAGE, "--property takes NAME=VALUE, e.g. --property customer=c42");
            }
            params.put("property", property.substring(0, eq));
            params.put("value", property.substring(eq + 1));
        }
        params.put("message-id", messageId);
        params.put("correlation-id", correlationId);
        ApiClient.Answer a = api.client().get(query(path("api", "messages", "trace"), params));
        api.print(a, () -> {
            if (a.json().isEmpty()) {
                api.out().println("no trace found (is tracing on for the message's address, and is it within the"
                        + " retention?)");
            }
            for (JsonNode t : a.json()) {
                api.out().println("message " + Table.text(t.path("messageId")) + " (broker id "
                        + Table.text(t.path("brokerId")) + ") on " + Table.text(t.path("address")) + ":");
                for (JsonNode e : t.path("events")) {
                    StringBuilder line = new StringBuilder("  " + Table.text(e.path("time")) + "  "
                            + Table.text(e.path("type")));
                    e.fields().forEachRemaining(f -> {
                        if (!f.getKey().equals("time") && !f.getKey().equals("type")) {
                            line.append("  ").append(f.getKey()).append('=').append(Table.text(f.getValue()));
                        }
                    });
                    api.out().println(line);
                }
            }
        });
        return 0;
    }
}
