package io.tributary.jms.vm;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.config.Configuration;
import io.tributary.core.config.Settings;
import io.tributary.core.store.InMemoryMessageStore;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import io.tributary.jms.provider.UrlQuery;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process brokers of this JVM, by vm:// name, with reference counting: the first connection to
 * {@code vm://NAME} starts it, the last one to close stops it unless the URL said {@code stay=true}.
 *
 * <p>Thread-safe: all state is guarded by the class monitor.
 */
public final class VmBrokers {

    private static final Logger LOG = LoggerFactory.getLogger(VmBrokers.class);
    private static final Map<String, Entry> BROKERS = new HashMap<>();

    /** A running broker, who may connect to it, and its connections. Guarded by the class monitor. */
    static final class Entry {
        final Broker broker;
        final VmLogins logins;
        int references;
        boolean stay;

        Entry(Broker broker, VmLogins logins, boolean stay) {
            this.broker = broker;
            this.logins = logins;
            this.stay = stay;
        }
    }

    private VmBrokers() {
    }

    /**
     * The broker of the URL's name, started from the URL (and its configuration file) when none runs; the options
     * of a later URL to a running broker are not applied again, {@code stay=true} aside.
     */
    static synchronized Entry acquire(VmUrl url) throws JMSException {
        Entry e = BROKERS.get(url.name());
        if (e == null) {
            e = start(url);
            BROKERS.put(url.name(), e);
        } else {
            e.stay |= url.stay();
        }
        e.references++;
        return e;
    }

    static synchronized void release(String name) {
        Entry e = BROKERS.get(name);
        if (e == null) {
            return;
        }
        e.references--;
        if (e.references <= 0 && !e.stay) {
            BROKERS.remove(name);
            e.broker.close();
            LOG.debug("vm://{} stopped: its last connection closed", name);
        }
    }

    /** The running broker of that name, if any (for embedding applications and tests). */
    public static synchronized Optional<Broker> find(String name) {
        Entry e = BROKERS.get(name);
        return e == null ? Optional.empty() : Optional.of(e.broker);
    }

    /**
     * Stops the broker of that name now, whatever its connections (they fail). Answers whether one ran.
     */
    public static boolean stop(String name) {
        Entry e;
        synchronized (VmBrokers.class) {
            e = BROKERS.remove(name);
        }
        if (e != null) {
            e.broker.close();
        }
        return e != null;
    }

    private static Entry start(VmUrl url) throws JMSException {
        String shown = UrlQuery.shown(url.url());
        try {
            Configuration config = url.config() == null ? Configuration.empty()
                    : Configuration.read(Path.of(url.config()));
            Set<String> ignored = config.serverOnlyKeys();
            if (!ignored.isEmpty()) {
                LOG.info("vm://{}: the configuration file {} gives keys only bin/tributary's network server reads; "
                        + "ignored here: {}", url.name(), config.source(), String.join(", ", ignored));
            }
            MessageStore store = store(url, config);
            BrokerConfig.Builder b = BrokerConfig.builder().store(store);
            config.applyTo(b);
            VmLogins logins = VmLogins.of(url.name(), config);
            Broker broker = Broker.start(b.build());
            LOG.debug("vm://{} started (store {})", url.name(), store.getClass().getSimpleName());
            return new Entry(broker, logins, url.stay());
        } catch (BrokerException e) {
            throw VmExceptions.toJms(e, "broker URL '" + shown + "': the broker cannot start: ");
        } catch (RuntimeException e) {
            JMSException je = new JMSException("broker URL '" + shown + "': the broker cannot start: " + e);
            je.setLinkedException(e);
            je.initCause(e);
            throw je;
        }
    }

    /**
     * STORE SELECTION: the one place a vm URL's {@code store} option becomes a MessageStore: {@code memory}, {@code h2}
     * (an H2 file database in {@code dataDir}, default ./data) or a {@code jdbc:} URL. Without the option, the
     * configuration file's {@code store.url} if it gives one, else memory. {@code storeUser}/{@code storePassword}
     * win over {@code store.user}/{@code store.password}; {@code store.outage-limit} applies to H2 and JDBC.
     */
    private static MessageStore store(VmUrl url, Configuration config) {
        String kind = url.store() != null ? url.store() : config.find(Settings.STORE_URL).orElse("memory");
        if (kind.equals("memory")) {
            return new InMemoryMessageStore();
        }
        Duration outageLimit = config.get(Settings.STORE_OUTAGE_LIMIT, JdbcMessageStore.DEFAULT_OUTAGE_LIMIT);
        if (kind.equals("h2")) {
            return JdbcMessageStore.h2(Path.of(url.dataDir() == null ? "data" : url.dataDir()))
                    .outageLimit(outageLimit);
        }
        String user = url.storeUser() != null ? url.storeUser() : config.find(Settings.STORE_USER).orElse(null);
        String password = url.storePassword() != null ? url.storePassword()
                : config.find(Settings.STORE_PASSWORD).orElse(null);
        return JdbcMessageStore.open(kind, user, password).outageLimit(outageLimit);
    }
}
