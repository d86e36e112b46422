package io.tributary.core.engine;

import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.ConnectionDetail;
import io.tributary.core.ConnectionStatus;
import io.tributary.core.ConsumerStatus;
import io.tributary.core.Management;
import io.tributary.core.MessageTrace;
import io.tributary.core.MessageView;
import io.tributary.core.QueueStatus;
import io.tributary.core.StreamOffset;
import io.tributary.core.StreamStatus;
import io.tributary.core.TopicStatus;
import io.tributary.core.message.JmsIds;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.selector.Selector;
import io.tributary.core.store.TraceEventRecord;
import io.tributary.core.store.TraceEvents;
import io.tributary.core.store.TraceQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link Management}: reads queue figures and connections, and moves messages through the queue and
 * the {@link Router} as the engine itself moves dead letters.
 *
 * <p>Thread-safe and stateless apart from its engine; a call takes one queue's lock at a time, for a copy or a
 * removal, and never holds it while it routes or writes the store.
 */
final class EngineManagement implements Management {

    private static final Logger LOG = LoggerFactory.getLogger(EngineManagement.class);

    private final BrokerEngine engine;
    private final TopicAndStreamViews topicsAndStreams;
    private final PagedOutReads reads;

    EngineManagement(BrokerEngine engine) {
        this.engine = engine;
        this.topicsAndStreams = new TopicAndStreamViews(engine);
        this.reads = new PagedOutReads(engine);
    }

    @Override
    public List<QueueStatus> queues() {
        List<QueueStatus> out = new ArrayList<>();
        for (MessageQueue q : engine.registry().queues()) {
            out.add(q.operations.status());
        }
        out.sort(Comparator.comparing(QueueStatus::name));
        return out;
    }

    @Override
    public Optional<QueueStatus> queue(String name) {
        MessageQueue q = engine.registry().queue(name);
        return q == null ? Optional.empty() : Optional.of(q.operations.status());
    }

    @Override
    public CompletionStage<List<MessageView>> browse(String queue, String selector, int limit) {
        if (limit < 1 || limit > MAX_BROWSE) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "limit " + limit + " is out of range;"
                    + " give 1 to " + MAX_BROWSE);
        }
        Selector filter = selector == null || selector.isBlank() ? null : Selector.parse(selector);
        MessageQueue q = existing(queue);
        QueueOperations.Waiting waiting = q.operations.waiting(filter == null ? limit : MAX_BROWSE_SCAN);
        List<MessageView> out = new ArrayList<>();
        for (MessageView m : waiting.heap()) {
            if (out.size() < limit && (filter == null
                    || filter.matches(engine.filterable(m.message(), m.deliveryCount())))) {
                out.add(m);
            }
        }
        return reads.browse(q, waiting.pagedOut(), filter, limit, out);
    }

    @Override
    public CompletionStage<MessageView> message(String queue, long id) {
        MessageQueue q = existing(queue);
        try {
            MessageView heap = q.operations.peek(id);
            return heap != null ? CompletableFuture.completedFuture(heap) : reads.one(q, id);
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> removeMessage(String queue, long id) {
        MessageQueue q = existing(queue);
        return taken(q, id).thenCompose(e -> {
            LOG.info("{}: message {} removed by an operator", q, id);
            return engine.router().relocate(q, List.of(e), null, "remove");
        });
    }

    @Override
    public CompletionStage<Void> moveMessage(String queue, long id, String to) {
        MessageQueue q = existing(queue);
        AddressState target = engine.registry().resolve(to, null);
        return taken(q, id).thenCompose(e -> {
            LOG.info("{}: message {} moved by an operator to {}", q, id, ClientText.safe(target));
            return engine.router().relocate(q, List.of(e), target, "move");
        });
    }

    @Override
    public CompletionStage<String> retry(String queue, long id) {
        MessageQueue q = existing(queue);
        return message(queue, id).thenCompose(view -> {
            Object origin = view.message().messageAnnotation(JmsMapping.ORIGINAL_ADDRESS);
            AddressState target = origin instanceof String address ? engine.registry().get(address) : null;
            if (target == null) {
                throw new BrokerException(BrokerException.Kind.ILLEGAL_STATE, "message " + id + " of " + q
                        + (origin == null ? " has no original address (it was not dead-lettered or expired here)"
                        : " came from address '" + ClientText.safe(String.valueOf(origin)) + "', which no longer "
                        + "exists") + "; move it to an address of your choice instead");
            }
            return taken(q, id).thenCompose(e -> {
                LOG.info("{}: message {} sent back to {} by an operator", q, id, target);
                return engine.router().relocate(q, List.of(e), target, "retry");
            }).thenApply(x -> target.name);
        });
    }

    @Override
    public CompletionStage<Long> purge(String queue) {
        MessageQueue q = existing(queue);
        QueueOperations.Purge purge = q.operations.purge();
        LOG.info("{}: {} message(s) purged by an operator", q, purge.count());
        return purge.stored().thenApply(x -> purge.count());
    }

    /** Takes waiting message {@code id} out of {@code q}: at once from the heap, after a store read when paged out. */
    private CompletionStage<QueueEntry> taken(MessageQueue q, long id) {
        try {
            QueueEntry e = q.operations.take(id);
            return e != null ? CompletableFuture.completedFuture(e) : reads.reference(q, id, q.operations::takePaged);
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Long> retry(String queue) {
        return QueueRetry.start(engine, reads, existing(queue));
    }

    @Override
    public List<ConsumerStatus> consumers(String queue) {
        return existing(queue).operations.consumerStatuses();
    }

    @Override
    public List<ConnectionStatus> connections() {
        List<ConnectionStatus> out = new ArrayList<>();
        for (EngineConnection c : engine.openConnections()) {
            out.add(c.status());
        }
        out.sort(Comparator.comparing(ConnectionStatus::connectedAt).thenComparing(ConnectionStatus::id));
        return out;
    }

    @Override
    public Optional<ConnectionDetail> connection(String id) {
        return engine.openConnections().stream().filter(x -> x.id().equals(id)).findFirst()
                .map(EngineConnection::detail);
    }

    @Override
    public void closeConnection(String id, String reason) {
        EngineConnection c = engine.openConnections().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new BrokerException(BrokerException.Kind.NOT_FOUND, "no open connection has id '"
                        + id + "'; list the connections for their ids"));
        LOG.info("{} (container {}) closed by an operator", c, ClientText.safe(c.info().containerId()));
        c.closeByOperator(reason);
    }

    @Override
    public CompletionStage<List<MessageTrace>> trace(MessageTrace.Lookup lookup) {
        TraceQuery query = switch (lookup.by()) {
            case MESSAGE_ID -> new TraceQuery(TraceQuery.Field.MESSAGE_ID, spellings(lookup.value(),
                    JmsIds.messageId(lookup.value())));
            case CORRELATION_ID -> new TraceQuery(TraceQuery.Field.CORRELATION_ID, spellings(lookup.value(),
                    JmsIds.correlationId(lookup.value())));
            case PROPERTY -> new TraceQuery(TraceQuery.Field.PROPERTY,
                    List.of(TraceJson.member(lookup.name(), lookup.value())));
        };
        return CompletableFuture.supplyAsync(() -> {
            List<TraceEventRecord> pending = engine.tracer().pending(); // first: what leaves it meanwhile is stored
            return traces(TraceEvents.merge(engine.store().findTrace(query, MAX_TRACES), pending, query, MAX_TRACES));
        }, engine.storeReads());
    }

    /** The id as given and its JMS string form (a plain string {@code x} is {@code ID:AMQP_NO_PREFIX:x}). */
    private static List<String> spellings(String given, String jmsForm) {
        return jmsForm == null || jmsForm.equals(given) ? List.of(given) : List.of(given, jmsForm);
    }

    /** The store's events, trace by trace, each beginning with its received event. */
    private static List<MessageTrace> traces(List<TraceEventRecord> events) {
        List<MessageTrace> out = new ArrayList<>();
        TraceEventRecord first = null;
        List<MessageTrace.Event> current = new ArrayList<>();
        for (TraceEventRecord e : events) {
            if (MessageTrace.RECEIVED.equals(e.type())) {
                if (first != null) {
                    out.add(new MessageTrace(first.messageId(), first.correlationId(), first.brokerId(),
                            first.address(), current));
                }
                first = e;
                current = new ArrayList<>();
            }
            current.add(new MessageTrace.Event(Instant.ofEpochMilli(e.time()), e.type(), TraceJson.read(e.details())));
        }
        if (first != null) {
            out.add(new MessageTrace(first.messageId(), first.correlationId(), first.brokerId(), first.address(),
                    current));
        }
        return out;
    }

    @Override
    public long traceEventsDropped() {
        return engine.tracer().dropped();
    }

    @Override
    public boolean ready() {
        return engine.running() && engine.store().writing();
    }

    @Override
    public List<TopicStatus> topics() {
        return topicsAndStreams.topics();
    }

    @Override
    public Optional<TopicStatus> topic(String name) {
        return topicsAndStreams.topic(name);
    }

    @Override
    public List<StreamStatus> streams() {
        return topicsAndStreams.streams();
    }

    @Override
    public Optional<StreamStatus> stream(String name) {
        return topicsAndStreams.stream(name);
    }

    @Override
    public CompletionStage<StreamStatus.GroupStatus> resetGroup(String stream, String group, StreamOffset to) {
        return topicsAndStreams.resetGroup(stream, group, to);
    }

    private MessageQueue existing(String name) {
        MessageQueue q = name == null ? null : engine.registry().queue(name);
        if (q == null) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "queue '" + name + "' does not exist; list the"
                    + " queues for their names (a topic's subscription queues are named <topic>::<subscription>)");
        }
        return q;
    }
}
