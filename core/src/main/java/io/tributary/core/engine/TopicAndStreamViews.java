package io.tributary.core.engine;

import io.tributary.core.AddressKind;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.QueueStatus;
import io.tributary.core.StreamOffset;
import io.tributary.core.StreamStatus;
import io.tributary.core.TopicStatus;
import io.tributary.core.stream.StreamLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The topics and streams part of the engine's {@link io.tributary.core.Management}: snapshots of topics with their
 * subscription queues and of streams with their partitions and consumer groups, and the reset of a group's offsets.
 *
 * <p>Thread-safe and stateless apart from its engine. Everything it reads is in the heap (a persistent stream keeps
 * the index of its paged-out entries there), so no call waits for the store except a reset's write, which it
 * answers with a {@link CompletionStage}.
 */
final class TopicAndStreamViews {

    private final BrokerEngine engine;

    TopicAndStreamViews(BrokerEngine engine) {
        this.engine = engine;
    }

    List<TopicStatus> topics() {
        List<TopicStatus> out = new ArrayList<>();
        for (AddressState a : engine.registry().all()) {
            if (a.kind == AddressKind.TOPIC && !a.deleted) {
                out.add(topic(a));
            }
        }
        out.sort(Comparator.comparing(TopicStatus::name));
        return out;
    }

    Optional<TopicStatus> topic(String name) {
        AddressState a = name == null ? null : engine.registry().get(name);
        return a == null || a.kind != AddressKind.TOPIC || a.deleted ? Optional.empty() : Optional.of(topic(a));
    }

    private static TopicStatus topic(AddressState a) {
        List<TopicStatus.Subscription> subscriptions = new ArrayList<>();
        for (MessageQueue q : a.subscriptions) {
            SubscriptionInfo s = q.subscription;
            QueueStatus status = q.operations.status();
            subscriptions.add(new TopicStatus.Subscription(s.name(), s.clientId(), q.name, s.durable(), s.shared(),
                    s.selectorText(), status.consumers(), status.depth()));
        }
        subscriptions.sort(Comparator.comparing(TopicStatus.Subscription::queue));
        return new TopicStatus(a.name, subscriptions);
    }

    List<StreamStatus> streams() {
        List<StreamStatus> out = new ArrayList<>();
        for (AddressState a : engine.registry().all()) {
            StreamLog log = a.stream;
            if (log != null && !a.deleted) {
                out.add(log.status(a.settings));
            }
        }
        out.sort(Comparator.comparing(StreamStatus::name));
        return out;
    }

    Optional<StreamStatus> stream(String name) {
        AddressState a = name == null ? null : engine.registry().get(name);
        StreamLog log = a == null || a.deleted ? null : a.stream;
        return log == null ? Optional.empty() : Optional.of(log.status(a.settings));
    }

    CompletionStage<StreamStatus.GroupStatus> resetGroup(String stream, String group, StreamOffset to) {
        AddressState a = stream == null ? null : engine.registry().get(stream);
        StreamLog log = a == null || a.deleted ? null : a.stream;
        if (log == null) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "stream '" + ClientText.safe(stream)
                    + "' does not exist; list the streams for their names");
        }
        return log.resetGroup(group, to);
    }
}
