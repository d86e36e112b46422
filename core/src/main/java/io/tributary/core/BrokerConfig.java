package io.tributary.core;

import io.tributary.core.security.Permissions;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.InMemoryMessageStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Engine configuration. Immutable once built; validated in {@link Builder#build()}.
 *
 * @param store              where durable state goes (default: a fresh {@link InMemoryMessageStore})
 * @param clock              the time source for expiry, delays and retention (default: system UTC)
 * @param autoCreateQueues   an unknown address used by a client is created ({@code true})
 * @param autoCreateTopics   an unknown address with a topic hint is created as a topic ({@code true})
 * @param defaultKind        the kind an auto-created address gets without a hint ({@code QUEUE})
 * @param defaults           settings for addresses that have none of their own
 * @param declared           addresses declared by configuration, with their kind and settings
 * @param maxTransactions    open transactions per connection at most, for every protocol
 *                           ({@code limits.max-transactions}, {@code 256}: one per session at the default AMQP
 *                           session limit)
 * @param globalMemory       the heap all queues and streams may hold together ({@code limits.global-memory},
 *                           default {@link GlobalMemoryLimit#DEFAULT}: half the maximum heap)
 * @param permissions        who may send, consume, browse, create on which addresses (default: everything allowed;
 *                           {@code roles.*} and {@code permissions.*} in the configuration file)
 * @param tracing            how much message trace is kept ({@code tracing.*}, default {@link TraceLimits#DEFAULT};
 *                           which addresses are traced is an address setting)
 */
public record BrokerConfig(MessageStore store, Clock clock, boolean autoCreateQueues, boolean autoCreateTopics,
                           AddressKind defaultKind, AddressSettings defaults, Map<String, Declared> declared,
                           int maxTransactions, GlobalMemoryLimit globalMemory, Permissions permissions,
                           TraceLimits tracing) {

    /** An address declared by configuration. */
    public record Declared(AddressKind kind, AddressSettings settings) {
    }

    public BrokerConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(defaultKind, "defaultKind");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(globalMemory, "globalMemory");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(tracing, "tracing");
        declared = Map.copyOf(declared);
        if (maxTransactions <= 0) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "limits.max-transactions = "
                    + maxTransactions + " is invalid; it must be > 0");
        }
    }

    /** The default of {@link #maxTransactions()}. */
    public static final int DEFAULT_MAX_TRANSACTIONS = 256;

    public static Builder builder() {
        return new Builder();
    }

    /** Settings for {@code address}: its declared ones, else the defaults. */
    public AddressSettings settingsFor(String address) {
        Declared d = declared.get(address);
        return d == null ? defaults : d.settings();
    }

    /** Builds a {@link BrokerConfig}. Not thread-safe. */
    public static final class Builder {
        private MessageStore store;
        private Clock clock = Clock.systemUTC();
        private boolean autoCreateQueues = true;
        private boolean autoCreateTopics = true;
        private AddressKind defaultKind = AddressKind.QUEUE;
        private AddressSettings defaults = AddressSettings.DEFAULTS;
        private final Map<String, Declared> declared = new LinkedHashMap<>();
        private int maxTransactions = DEFAULT_MAX_TRANSACTIONS;
        private GlobalMemoryLimit globalMemory = GlobalMemoryLimit.DEFAULT;
        private Permissions permissions = Permissions.ALLOW_ALL;
        private TraceLimits tracing = TraceLimits.DEFAULT;

        public Builder store(MessageStore value) {
            this.store = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder autoCreateQueues(boolean value) {
            this.autoCreateQueues = value;
            return this;
        }

        public Builder autoCreateTopics(boolean value) {
            this.autoCreateTopics = value;
            return this;
        }

        public Builder defaultKind(AddressKind value) {
            this.defaultKind = value;
            return this;
        }

        public Builder defaults(AddressSettings value) {
            this.defaults = value;
            return this;
        }

        public Builder globalMemory(GlobalMemoryLimit value) {
            this.globalMemory = value;
            return this;
        }

        public Builder declare(String name, AddressKind kind, AddressSettings settings) {
            if (name == null || name.isBlank()) {
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "declared address name is empty");
            }
            declared.put(name, new Declared(kind, settings == null ? defaults : settings));
            return this;
        }

        public Builder permissions(Permissions value) {
            this.permissions = value;
            return this;
        }

        public Builder tracing(TraceLimits value) {
            this.tracing = value;
            return this;
        }

        /** The trace limits given so far (for a caller that changes one of them). */
        public TraceLimits tracing() {
            return tracing;
        }

        public Builder maxTransactions(int value) {
            this.maxTransactions = value;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(store == null ? new InMemoryMessageStore() : store, clock, autoCreateQueues,
                    autoCreateTopics, defaultKind, defaults, declared, maxTransactions, globalMemory, permissions,
                    tracing);
        }
    }
}
