package io.tributary.broker.cli;

import static io.tributary.broker.cli.ApiClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary address show|set}: one address's settings through the management API, and where they come from.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "address", description = "Look at and change an address's settings (through the management API).")
public final class AddressCommand {

    @Command(name = "show", description = "Shows an address: kind, messages, consumers, its settings and whether the"
            + " configuration file declares it (then the file's settings apply again at each start).")
    int show(@Mixin ApiOptions api, @Parameters(paramLabel = "NAME", description = "the address") String name) {
        ApiClient.Answer a = api.client().get(path("api", "addresses", name));
        api.print(a, () -> describe(a.json(), api));
        return 0;
    }

    @Command(name = "set", description = "Changes settings that may change while the broker runs, e.g."
            + " max-delivery-attempts=5 memory-budget=8MiB. Kept across restarts, except for an address the"
            + " configuration file declares: its file's settings apply again at the next start.")
    int set(@Mixin ApiOptions api, @Parameters(index = "0", paramLabel = "NAME", description = "the address")
            String name, @Parameters(index = "1..*", arity = "1..*", paramLabel = "SETTING=VALUE",
            description = "the settings to change") List<String> settings) {
        ObjectNode body = ApiClient.MAPPER.createObjectNode();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CliException(CliException.USAGE, "'" + s + "' is not SETTING=VALUE; e.g. "
                        + "max-delivery-attempts=5");
            }
            body.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        ApiClient.Answer a = api.client().send("PATCH", path("api", "addresses", name), body.toString(), null);
        api.print(a, () -> describe(a.json(), api));
        return 0;
    }

    /** Prints the address's fields (the API's warning among them when it gave one) and where its settings come from. */
    private static void describe(JsonNode address, ApiOptions api) {
        Table.fields(address, api.out());
        api.out().println("settings from: " + (address.path("configured").asBoolean()
                ? "the configuration file (applied again at each start; run-time changes last until then)"
                : "the store (run-time changes are kept across restarts)"));
    }
}
