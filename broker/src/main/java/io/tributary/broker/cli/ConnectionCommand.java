package io.tributary.broker.cli;

import static io.tributary.broker.cli.ApiClient.path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary connection list|close}: client connections through the management API.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "connection", description = "List and close client connections (through the management API).")
public final class ConnectionCommand {

    private static final Table CONNECTIONS = Table.of("id", "user", "remoteAddress", "clientId", "containerId",
            "connectedAt", "sessions", "producers", "consumers");

    @Command(name = "list", description = "Lists the connections: who, from where, since when.")
    int list(@Mixin ApiOptions api) {
        ApiClient.Answer a = api.client().get("/api/connections");
        api.print(a, () -> CONNECTIONS.print(a.json(), api.out(), "no connections"));
        return 0;
    }

    @Command(name = "close", description = "Closes a connection; its client sees amqp:connection:forced.")
    int close(@Mixin ApiOptions api, @Parameters(paramLabel = "ID", description = "the connection (see list)")
            String id) {
        ApiClient.Answer a = api.client().delete(path("api", "connections", id));
        api.print(a, () -> api.out().println("closed connection " + id));
        return 0;
    }
}
