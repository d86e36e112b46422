package io.tributary.broker.http;

import io.tributary.core.Management;
import io.tributary.core.StreamOffset;
import io.tributary.core.StreamStatus;
import io.tributary.core.StreamStatus.GroupPartition;
import io.tributary.core.StreamStatus.GroupStatus;
import io.tributary.core.StreamStatus.PartitionStatus;
import io.tributary.core.TopicStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The topics and streams of the management API: {@code /api/topics[/NAME]}, {@code /api/streams[/NAME[/groups]]} and
 * {@code POST /api/streams/NAME/groups/GROUP/reset?to=first|last | offset=N | timestamp=INSTANT}, answered from the
 * engine's {@link Management} snapshots as JSON.
 *
 * <p>A reset takes exactly one of its parameters: {@code to=first} (each partition's log start), {@code to=last}
 * (after each partition's last message: the group skips what is there and gets only new messages, lag 0, as Kafka's
 * {@code --to-latest}), {@code offset=N} (N in every partition, clamped to that partition's log: below its first
 * offset it is the first offset, beyond its last offset it is lastOffset + 1), {@code timestamp=} an ISO-8601 instant
 * (per partition the first message appended at or after it, else lastOffset + 1). Anything else is 400 and changes
 * nothing.
 *
 * <p>Stateless and thread-safe; runs on the HTTP server's worker thread and never waits for the store there.
 */
final class TopicAndStreamResources {

    private static final List<String> RESET_PARAMETERS = List.of("to", "offset", "timestamp");

    private final Management management;

    TopicAndStreamResources(Management management) {
        this.management = management;
    }

    CompletionStage<Answer> topics(Request r, int n) {
        if (n == 2) {
            return ManagementApi.only(r, "GET", () -> Answer.ok(management.topics().stream()
                    .map(TopicAndStreamResources::topic).toList()));
        }
        if (n == 3) {
            String name = r.segment(2);
            return ManagementApi.only(r, "GET", () -> Answer.ok(topic(management.topic(name).orElseThrow(() ->
                    ApiException.notFound("topic " + Json.quote(name) + " does not exist; GET /api/topics lists "
                            + "them")))));
        }
        return ManagementApi.notFound(r);
    }

    CompletionStage<Answer> streams(Request r, int n) {
        if (n == 2) {
            return ManagementApi.only(r, "GET", () -> Answer.ok(management.streams().stream()
                    .map(TopicAndStreamResources::streamSummary).toList()));
        }
        String name = r.segment(2);
        if (n == 3) {
            return ManagementApi.only(r, "GET", () -> Answer.ok(stream(existing(name))));
        }
        if (n == 4 && r.segment(3).equals("groups")) {
            return ManagementApi.only(r, "GET", () -> Answer.ok(existing(name).groups().stream()
                    .map(TopicAndStreamResources::group).toList()));
        }
        if (n == 6 && r.segment(3).equals("groups") && r.segment(5).equals("reset")) {
            String group = r.segment(4);
            return ManagementApi.post(r, () -> management.resetGroup(name, group, resetTarget(r))
                    .thenApply(g -> Answer.ok(group(g))));
        }
        return ManagementApi.notFound(r);
    }

    private StreamStatus existing(String name) {
        return management.stream(name).orElseThrow(() -> ApiException.notFound("stream " + Json.quote(name)
                + " does not exist; GET /api/streams lists them"));
    }

    /** The one reset parameter of {@code r} as a start position; 400 naming what is wrong otherwise. */
    static StreamOffset resetTarget(Request r) {
        List<String> given = RESET_PARAMETERS.stream().filter(p -> r.query().containsKey(p)).toList();
        String choices = "?to=first, ?to=last, ?offset=N (every partition) or ?timestamp=ISO-8601 instant (e.g. "
                + "2024-05-01T12:00:00Z)";
        if (given.size() != 1) {
            throw ApiException.badRequest("a reset takes exactly one of " + choices + "; got "
                    + (given.isEmpty() ? "none" : String.join(" and ", given)));
        }
        if (r.query().get(given.get(0)).size() != 1) {
            throw ApiException.badRequest(given.get(0) + " is given more than once; a reset takes one of " + choices);
        }
        String value = r.param(given.get(0)).trim();
        return switch (given.get(0)) {
            case "to" -> switch (value) {
                case "first" -> StreamOffset.FIRST;
                case "last" -> StreamOffset.NEXT;
                default -> throw ApiException.badRequest("to=" + Json.quote(value) + " is not first or last; give "
                        + "?offset=N or ?timestamp=INSTANT for another position");
            };
            case "offset" -> offset(value);
            default -> timestamp(value);
        };
    }

    private static StreamOffset offset(String value) {
        try {
            long offset = Long.parseLong(value);
            if (offset >= 0) {
                return StreamOffset.offset(offset);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("offset=" + Json.quote(value) + " is not an offset (a whole number >= 0)");
    }

    private static StreamOffset timestamp(String value) {
        try {
            return StreamOffset.timestamp(Instant.parse(value).toEpochMilli());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("timestamp=" + Json.quote(value) + " is not an ISO-8601 instant such as "
                    + "2024-05-01T12:00:00Z or 2024-05-01T12:00:00.250+02:00");
        }
    }

    // ------------------------------------------------------------------ JSON

    static Map<String, Object> topic(TopicStatus t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", t.name());
        out.put("subscriptions", t.subscriptions().stream().map(s -> {
            Map<String, Object> sub = new LinkedHashMap<>();
            sub.put("name", s.name());
            sub.put("clientId", s.clientId());
            sub.put("queue", s.queue());
            sub.put("durable", s.durable());
            sub.put("shared", s.shared());
            sub.put("selector", s.selector());
            sub.put("consumers", s.consumers());
            sub.put("depth", s.depth());
            return sub;
        }).toList());
        return out;
    }

    static Map<String, Object> streamSummary(StreamStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("partitions", s.partitions().size());
        out.put("messages", s.messages());
        out.put("bytes", s.bytes());
        out.put("groups", s.groups().size());
        return out;
    }

    static Map<String, Object> stream(StreamStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("partitions", s.partitions().stream().map(TopicAndStreamResources::partition).toList());
        out.put("groups", s.groups().stream().map(TopicAndStreamResources::group).toList());
        Map<String, Object> retention = new LinkedHashMap<>();
        retention.put("age", s.settings().retentionAge() == null ? null : s.settings().retentionAge().toString());
        retention.put("bytes", s.settings().retentionBytes());
        retention.put("messages", s.settings().retentionMessages());
        out.put("retention", retention);
        return out;
    }

    private static Map<String, Object> partition(PartitionStatus p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partition", p.partition());
        out.put("firstOffset", p.firstOffset());
        out.put("lastOffset", p.lastOffset());
        out.put("messages", p.messages());
        out.put("bytes", p.bytes());
        return out;
    }

    static Map<String, Object> group(GroupStatus g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", g.name());
        out.put("consumers", g.consumers());
        out.put("lag", g.lag());
        out.put("partitions", g.partitions().stream().map(TopicAndStreamResources::groupPartition).toList());
        return out;
    }

    private static Map<String, Object> groupPartition(GroupPartition p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partition", p.partition());
        out.put("committedOffset", p.committedOffset() < 0 ? null : p.committedOffset());
        out.put("lastOffset", p.lastOffset());
        out.put("lag", p.lag());
        return out;
    }
}
