package io.tributary.broker.cli;

import static io.tributary.broker.cli.ApiClient.path;
import static io.tributary.broker.cli.ApiClient.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary stream list|groups|reset}: streams and their consumer groups through the management API.
 *
 * <p>Stateless; picocli calls one method per command line.
 */
@Command(name = "stream", description = "Look at streams and consumer groups, reset a group's offsets (through the"
        + " management API).")
public final class StreamCommand {

    private static final Table STREAMS = Table.of("name", "partitions", "messages", "bytes", "groups");
    private static final Table GROUPS = Table.of("group", "consumers", "partition", "committedOffset", "lastOffset",
            "lag");

    @Command(name = "list", description = "Lists the streams: partitions, messages, bytes, consumer groups.")
    int list(@Mixin ApiOptions api) {
        ApiClient.Answer a = api.client().get("/api/streams");
        api.print(a, () -> STREAMS.print(a.json(), api.out(), "no streams"));
        return 0;
    }

    @Command(name = "groups", description = "Lists a stream's consumer groups: committed offset and lag per"
            + " partition.")
    int groups(@Mixin ApiOptions api, @Parameters(paramLabel = "NAME", description = "the stream") String name) {
        ApiClient.Answer a = api.client().get(path("api", "streams", name, "groups"));
        api.print(a, () -> GROUPS.print(perPartition(a.json()), api.out(), "stream " + name
                + " has no consumer groups"));
        return 0;
    }

    /** One row per group and partition (a group without partitions: one row with its totals). */
    private static JsonNode perPartition(JsonNode groups) {
        ArrayNode rows = ApiClient.MAPPER.createArrayNode();
        for (JsonNode g : groups) {
            JsonNode partitions = g.path("partitions");
            if (!partitions.isArray() || partitions.isEmpty()) {
                rows.add(g);
                continue;
            }
            for (JsonNode p : partitions) {
                ObjectNode row = ApiClient.MAPPER.createObjectNode();
                row.set("group", g.path("group"));
                row.set("consumers", g.path("consumers"));
                if (p.isObject()) {
                    row.setAll((ObjectNode) p);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Exactly one of the places a reset may go to. */
    static final class Target {
        @Option(names = "--to-first", required = true, description = "the first offset still kept")
        boolean first;
        @Option(names = "--to-last", required = true, description = "the end: skip everything stored")
        boolean last;
        @Option(names = "--offset", required = true, paramLabel = "N", description = "this offset in every partition")
        Long offset;
        @Option(names = "--timestamp", required = true, paramLabel = "ISO",
                description = "the first message stored at or after this time, e.g. 2025-01-31T08:00:00Z")
        String timestamp;

        Map<String, Object> query() {
            if (first || last) {
                return ApiClient.param("to", first ? "first" : "last");
            }
            if (offset != null) {
                if (offset < 0) {
                    throw new CliException(CliException.USAGE, "--offset " + offset + " is negative; offsets start"
                            + " at 0");
                }
                return ApiClient.param("offset", offset);
            }
            try {
                OffsetDateTime.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw new CliException(CliException.USAGE, "--timestamp '" + timestamp + "' is not an ISO-8601 time"
                        + " with an offset, e.g. 2025-01-31T08:00:00Z", e);
            }
            return ApiClient.param("timestamp", timestamp);
        }

        String describe() {
            return first ? "the first offset" : last ? "the last offset" : offset != null ? "offset " + offset
                    : timestamp;
        }
    }

    @Command(name = "reset", description = "Moves a consumer group's committed offsets (stop its consumers first).")
    int reset(@Mixin ApiOptions api,
            @Parameters(index = "0", paramLabel = "NAME", description = "the stream") String name,
            @Parameters(index = "1", paramLabel = "GROUP", description = "the consumer group") String group,
            @ArgGroup(exclusive = true, multiplicity = "1") Target target) {
        ApiClient.Answer a = api.client().send("POST", query(path("api", "streams", name, "groups", group, "reset"),
                target.query()), null);
        api.print(a, () -> {
            api.out().println("reset group " + group + " of stream " + name + " to " + target.describe());
            if (a.json().isContainerNode() && !a.json().isEmpty()) {
                Table.fields(a.json(), api.out());
            }
        });
        return 0;
    }
}
