package io.tributary.core.engine;

import io.tributary.core.AddressInfo;
import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.Addresses;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.ConnectionInfo;
import io.tributary.core.config.AddressKeys;
import io.tributary.core.config.Settings;
import io.tributary.core.security.Permission;
import io.tributary.core.store.AddressRecord;
import io.tributary.core.store.QueueRecord;
import io.tributary.core.stream.StreamLog;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address registry: resolves names (prefixes, kind hints, auto-create), declares, deletes, lists
 * and purges addresses, and knows every queue by name.
 *
 * <p>Thread model: lookups read concurrent maps without locking; creating and deleting take the registry's monitor
 * (rare). No store I/O runs under it: a persistent stream is opened (recovered) before it is taken, and {@link
 * #prepare} does that on a store-read thread for protocol layers that must not block. Lock order: registry, then
 * {@link Subscriptions}, then a queue's lock; nothing holding a queue lock calls in here.
 */
final class AddressRegistry implements Addresses {

    private static final Logger LOG = LoggerFactory.getLogger(AddressRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CompletionStage<Void> READY = CompletableFuture.completedFuture(null);

    private final BrokerEngine engine;
    private final BrokerConfig config;
    private final ConcurrentHashMap<String, AddressState> addresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MessageQueue> queues = new ConcurrentHashMap<>();
    private final Subscriptions subscriptions;
    /** Persistent streams that {@link #prepare} is opening off the caller's thread, so each opens once. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> opening = new ConcurrentHashMap<>();

    AddressRegistry(BrokerEngine engine) {
        this.engine = engine;
        this.config = engine.config();
        this.subscriptions = new Subscriptions(engine, this);
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    /** A name a client gave, without its kind prefix, and the kind the prefix and hint give (null for none). */
    private record Named(String name, AddressKind kind) {
    }

    /**
     * Strips a {@code queue://}, {@code topic://} or {@code stream://} prefix, which gives the kind when the client
     * gives no hint (or, for a stream, a topic hint).
     */
    private static Named named(String rawName, AddressKind hint) {
        if (rawName == null || rawName.isBlank()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "address name is empty");
        }
        AddressKind kind = hint;
        String name = rawName;
        for (AddressKind k : AddressKind.values()) {
            String prefix = k.name().toLowerCase(Locale.ROOT) + "://";
            if (rawName.startsWith(prefix)) {
                name = rawName.substring(prefix.length());
                // A JMS client can only say "topic" for a stream (a stream is a Topic to JMS), so a stream
                // prefix wins over a topic hint; any other hint wins over the prefix, as DESIGN.md orders them.
                kind = kind == null || (kind == AddressKind.TOPIC && k == AddressKind.STREAM) ? k : kind;
            }
        }
        return new Named(name, kind);
    }

    /**
     * Finds an address a client names, creating it as configured. A {@code queue://}, {@code topic://} or
     * {@code stream://} prefix is stripped and gives the kind when the client gives no hint (or, for a stream, a
     * topic hint).
     */
    AddressState resolve(String rawName, AddressKind hint) {
        return resolve(rawName, hint, null, false);
    }

    /**
     * {@link #resolve(String, AddressKind)} for a client's {@code user}, who needs the {@code create} permission when
     * the address does not exist yet.
     */
    AddressState resolveFor(String rawName, AddressKind hint, String user) {
        return resolve(rawName, hint, user, true);
    }

    private AddressState resolve(String rawName, AddressKind hint, String user, boolean checked) {
        Named n = named(rawName, hint);
        AddressState a = addresses.get(n.name());
        if (a != null) {
            return a;
        }
        if (checked) {
            config.permissions().check(user, Permission.CREATE, n.name());
        }
        AddressKind effective = n.kind() == null ? config.defaultKind() : n.kind();
        boolean allowed = effective == AddressKind.TOPIC ? config.autoCreateTopics() : config.autoCreateQueues();
        if (!allowed) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "address '" + n.name() + "' does not exist and "
                    + "auto-create of " + effective.name().toLowerCase(Locale.ROOT)
                    + "s is off; declare it in the configuration");
        }
        return create(n.name(), effective, config.settingsFor(n.name()), false, null, true);
    }

    @Override
    public CompletionStage<Void> prepare(String rawName, AddressKind hint, String user) {
        Named n;
        try {
            n = named(rawName, hint);
        } catch (BrokerException e) {
            return READY; // resolving fails the same way on the caller's thread
        }
        AddressKind effective = n.kind() == null ? config.defaultKind() : n.kind();
        if (effective != AddressKind.STREAM || !engine.persistent() || addresses.containsKey(n.name())) {
            return READY;
        }
        if (!config.permissions().allows(user, Permission.CREATE, n.name())) {
            return READY; // opening the producer or consumer refuses it with the reason
        }
        CompletableFuture<Void> open = new CompletableFuture<>();
        CompletableFuture<Void> running = opening.putIfAbsent(n.name(), open);
        if (running != null) {
            return running;
        }
        engine.storeReads().execute(() -> {
            try {
                resolve(rawName, hint);
                open.complete(null);
            } catch (RuntimeException e) {
                open.completeExceptionally(e);
            } finally {
                opening.remove(n.name(), open);
            }
        });
        return open;
    }

    /** Finds or creates a queue the engine itself sends to (dead-letter and expiry addresses). */
    AddressState internal(String name) {
        AddressState a = addresses.get(name);
        return a != null ? a : create(name, AddressKind.QUEUE, config.settingsFor(name), false, null, true);
    }

    /**
     * Creates an address unless it exists (then answers that one). A persistent stream is opened (recovered from the
     * store) before the registry's monitor is taken, so that store reads never hold up other addresses; if another
     * thread created the stream meanwhile, the one opened here is dropped.
     */
    AddressState create(String name, AddressKind kind, AddressSettings settings, boolean temporary, String owner,
                        boolean save) {
        if (kind != AddressKind.STREAM) {
            synchronized (this) {
                AddressState existing = addresses.get(name);
                return existing != null ? existing : add(new AddressState(name, kind, settings, temporary, owner,
                        configured(name, temporary)), save);
            }
        }
        AddressState existing = addresses.get(name);
        if (existing != null) {
            return existing;
        }
        StreamLog log = StreamLog.open(name, settings, engine.streamHost(), !temporary && engine.persistent());
        synchronized (this) {
            existing = addresses.get(name);
            if (existing == null) {
                AddressState a = new AddressState(name, kind, settings, temporary, owner,
                        configured(name, temporary));
                a.stream = log;
                return add(a, save);
            }
        }
        log.delete(new BrokerException(BrokerException.Kind.ALREADY_EXISTS, "stream " + name + " opened twice"),
                null);
        return existing;
    }

    private boolean configured(String name, boolean temporary) {
        return !temporary && config.declared().containsKey(name);
    }

    /** Under the monitor: registers a new address (a stream's log already open), and saves it when durable. */
    private AddressState add(AddressState a, boolean save) {
        boolean durable = !a.temporary && engine.persistent();
        if (a.kind == AddressKind.QUEUE) {
            MessageQueue q = new MessageQueue(engine, a.name, a, null, durable);
            a.queue = q;
            queues.put(a.name, q);
        }
        addresses.put(a.name, a);
        if (durable && save) {
            StoreWork work = engine.storeWork();
            work.batch().saveAddress(new AddressRecord(a.name, a.kind, a.settings));
            if (a.kind == AddressKind.QUEUE) {
                work.batch().saveQueue(new QueueRecord(a.name, a.name, null, null, false, null, false));
            }
            engine.commitInBackground(work, "save " + a);
        }
        LOG.debug("created {}", a);
        return a;
    }

    /**
     * Creates a temporary queue or topic for {@code owner} under an unguessable name ({@code tmp-queue-conn-7-} and
     * 128 random bits in hex), so that no other client can create or consume from it first.
     */
    AddressState createTemporary(EngineConnection owner, AddressKind kind) {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        String name = "tmp-" + kind.name().toLowerCase(Locale.ROOT) + "-" + owner.id() + "-"
                + HexFormat.of().formatHex(bits);
        return createTemporary(owner, kind, name);
    }

    /** Creates temporary {@code name} for {@code owner}; ALREADY_EXISTS when an address or queue has that name. */
    synchronized AddressState createTemporary(EngineConnection owner, AddressKind kind, String name) {
        if (addresses.containsKey(name) || queues.containsKey(name)) {
            throw new BrokerException(BrokerException.Kind.ALREADY_EXISTS, "temporary " + kind.name()
                    .toLowerCase(Locale.ROOT) + " '" + name + "' cannot be created: an address of that name exists");
        }
        return create(name, kind, config.settingsFor(name), true, owner.id(), false);
    }

    void registerQueue(MessageQueue q) {
        queues.put(q.name, q);
    }

    void unregisterQueue(MessageQueue q) {
        queues.remove(q.name, q);
    }

    AddressState get(String name) {
        return addresses.get(name);
    }

    Iterable<MessageQueue> queues() {
        return queues.values();
    }

    MessageQueue queue(String name) {
        return queues.get(name);
    }

    @Override
    public AddressInfo declare(String name, AddressKind kind, AddressSettings settings) {
        if (name == null || name.isBlank() || kind == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "declare needs an address name and a kind; got '" + name + "' and " + kind);
        }
        AddressState a = addresses.get(name);
        if (a == null) {
            a = create(name, kind, settings == null ? config.settingsFor(name) : settings, false, null, true);
        }
        if (a.kind != kind) {
            throw new BrokerException(BrokerException.Kind.ALREADY_EXISTS, "address '" + name + "' exists as a "
                    + a.kind.name().toLowerCase(Locale.ROOT) + "; delete it first to declare it as a "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
        return a.info();
    }

    @Override
    public CompletionStage<AddressInfo> change(String name, UnaryOperator<AddressSettings> change) {
        AddressState a = addresses.get(name);
        if (a == null) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "address '" + name + "' does not exist; "
                    + "nothing to change");
        }
        AddressSettings before = a.settings;
        AddressSettings after = change.apply(before);
        List<String> fixed = AddressKeys.changed(before, after).stream()
                .filter(n -> AddressKeys.RUN_TIME.stream().noneMatch(k -> k.name().equals(n))).toList();
        if (!fixed.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "address '" + name + "': "
                    + String.join(", ", fixed) + " cannot change while the broker runs (only "
                    + AddressKeys.RUN_TIME.stream().map(Settings.Key::name).toList() + " can); delete the address "
                    + "and create it again with the new value (its messages are lost)");
        }
        StoreWork work = engine.storeWork();
        if (engine.persistent() && !a.temporary) {
            work.batch().saveAddress(new AddressRecord(a.name, a.kind, after));
        }
        return work.commit().thenApply(x -> {
            a.settings = after;
            if (before.memoryBudgetBytes() != after.memoryBudgetBytes()) {
                MessageQueue q = a.queue;
                if (q != null) {
                    q.budgetChanged();
                }
                a.subscriptions.forEach(MessageQueue::budgetChanged);
            }
            if (a.configured) {
                LOG.warn("{}: settings changed: {}; the address is declared in the configuration, whose settings apply"
                        + " again at the next start: put the change there to keep it", a, AddressKeys.changed(before,
                        after));
            } else {
                LOG.info("{}: settings changed: {}", a, AddressKeys.changed(before, after));
            }
            return a.info();
        });
    }

    @Override
    public void delete(String name, boolean force) {
        AddressState a;
        synchronized (this) {
            a = addresses.get(name);
            if (a == null) {
                throw new BrokerException(BrokerException.Kind.NOT_FOUND, "address '" + name
                        + "' does not exist; nothing to delete");
            }
            int consumers = a.consumerCount();
            if (consumers > 0 && !force) {
                throw new BrokerException(BrokerException.Kind.IN_USE, "address '" + name + "' has " + consumers
                        + " consumer(s); close them first or delete with force");
            }
            remove(a);
        }
    }

    /** Removes an address, its queues and their messages (under the registry monitor). */
    synchronized void remove(AddressState a) {
        a.deleted = true;
        addresses.remove(a.name, a);
        BrokerException cause = new BrokerException(BrokerException.Kind.NOT_FOUND, a + " was deleted");
        StoreWork work = engine.storeWork();
        List<MessageQueue> all = new ArrayList<>(a.subscriptions);
        if (a.queue != null) {
            all.add(a.queue);
        }
        for (MessageQueue q : all) {
            subscriptions.forget(q);
            unregisterQueue(q);
            q.delete(cause);
            if (q.persistent) {
                work.batch().deleteQueue(q.name);
            }
        }
        a.subscriptions.clear();
        if (a.stream != null) {
            a.stream.delete(cause, engine.persistent() && !a.temporary ? work.batch() : null);
        }
        if (engine.persistent() && !a.temporary) {
            work.batch().deleteAddress(a.name);
        }
        engine.commitInBackground(work, "delete " + a);
    }

    @Override
    public Optional<AddressInfo> find(String name) {
        AddressState a = addresses.get(name);
        if (a != null) {
            return Optional.of(a.info());
        }
        MessageQueue q = queues.get(name);
        return q == null ? Optional.empty() : Optional.of(queueInfo(q));
    }

    @Override
    public List<AddressInfo> list() {
        List<AddressInfo> out = new ArrayList<>();
        addresses.values().forEach(a -> out.add(a.info()));
        for (MessageQueue q : queues.values()) {
            if (q.subscription != null) {
                out.add(queueInfo(q));
            }
        }
        out.sort(Comparator.comparing(AddressInfo::name));
        return out;
    }

    private static AddressInfo queueInfo(MessageQueue q) {
        return new AddressInfo(q.name, AddressKind.QUEUE, q.address.temporary, q.messageCount(), q.consumerCount(),
                q.settings(), q.address.configured);
    }

    /** Removes the consumer group {@code name} (a durable subscription) from every stream; false when none had it. */
    boolean unsubscribeStreamGroup(ConnectionInfo info, String name) {
        boolean found = false;
        for (AddressState a : addresses.values()) {
            if (a.stream != null) {
                found |= a.stream.unsubscribe(info.clientId(), name);
            }
        }
        return found;
    }

    @Override
    public long purge(String queueName) {
        MessageQueue q = queues.get(queueName);
        if (q == null) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "queue '" + queueName
                    + "' does not exist; purge takes a queue or subscription queue name");
        }
        return q.operations.purge().count();
    }

    /** Every address, in no order. */
    Collection<AddressState> all() {
        return Collections.unmodifiableCollection(addresses.values());
    }

    /** Engine stop: closes every consumer (without touching the store). */
    void stopAll(BrokerException cause) {
        queues.values().forEach(q -> q.delete(cause));
        addresses.values().stream().filter(a -> a.stream != null).forEach(a -> a.stream.stop(cause));
    }

    /** Stores the stream consumer groups' changed offsets; completes once none is in flight. */
    CompletableFuture<Void> flushStreamOffsets() {
        return CompletableFuture.allOf(addresses.values().stream().filter(a -> a.stream != null)
                .map(a -> a.stream.flushOffsets()).toArray(CompletableFuture[]::new));
    }
}
