package io.tributary.broker.cli;

import static io.tributary.broker.cli.ApiClient.path;
import static io.tributary.broker.cli.ApiClient.query;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary queue list|stat|consumers|purge|delete}: queues through the management API.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "queue", description = "Look at, purge and delete queues (through the management API).")
public final class QueueCommand {

    private static final Table QUEUES = Table.of("name", "address", "depth", "inFlight", "scheduled", "pagedOut",
            "consumers", "enqueued", "acknowledged", "deadLettered", "expired", "oldestMessageAgeMillis");

    @Command(name = "list", description = "Lists the queues with their depth, consumers and counts.")
    int list(@Mixin ApiOptions api) {
        ApiClient.Answer a = api.client().get("/api/queues");
        api.print(a, () -> QUEUES.print(a.json(), api.out(), "no queues"));
        return 0;
    }

    @Command(name = "stat", description = "Shows every figure of one queue.")
    int stat(@Mixin ApiOptions api, @Parameters(paramLabel = "NAME", description = "the queue") String name) {
        ApiClient.Answer a = api.client().get(path("api", "queues", name));
        api.print(a, () -> Table.fields(a.json(), api.out()));
        return 0;
    }

    private static final Table CONSUMERS = Table.of("connection", "link", "user", "remote", "since", "credit",
            "unsettled", "delivered", "acknowledged", "selector", "lastDelivery", "lastAcknowledgement", "stuck");

    @Command(name = "consumers", description = "Lists the consumers of one queue: who, from where, since when, what"
            + " each holds unsettled and when it last took and acknowledged a message (a stuck one holds unsettled"
            + " messages and has acknowledged none for the broker's http.stuck-consumer-after: stuck is true).")
    int consumers(@Mixin ApiOptions api, @Parameters(paramLabel = "NAME", description = "the queue") String name) {
        ApiClient.Answer a = api.client().get(path("api", "queues", name, "consumers"));
        api.print(a, () -> CONSUMERS.print(a.json(), api.out(), "no consumers on queue " + name));
        return 0;
    }

    @Command(name = "purge", description = "Removes every waiting message of a queue.")
    int purge(@Mixin ApiOptions api, @Parameters(paramLabel = "NAME", description = "the queue") String name) {
        ApiClient.Answer a = api.client().send("POST", path("api", "queues", name, "purge"),
                "purging queue '" + name + "'");
        api.print(a, () -> api.out().println("purged " + Table.text(a.json().path("purged")) + " message(s) from queue "
                + name));
        return 0;
    }

    @Command(name = "delete", description = "Deletes a queue (its address); refused while it has consumers or"
            + " messages, unless --force.")
    int delete(@Mixin ApiOptions api, @Parameters(paramLabel = "NAME", description = "the queue") String name,
            @Option(names = "--force", description = "delete even with consumers or messages (the messages are lost)")
            boolean force) {
        ApiClient.Answer a = api.client().delete(query(path("api", "addresses", name),
                ApiClient.param("force", force ? "true" : null)));
        api.print(a, () -> api.out().println("deleted queue " + name));
        return 0;
    }
}
