package io.tributary.jms.vm;

import io.tributary.core.Broker;
import io.tributary.core.BrokerConfig;
import io.tributary.core.BrokerException;
import io.tributary.core.store.InMemoryMessageStore;
import io.tributary.core.store.MessageStore;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import io.tributary.jms.provider.UrlQuery;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

    private static final class Entry {
        final Broker broker;
        int references;
        boolean stay;

        Entry(Broker broker, boolean stay) {
            this.broker = broker;
            this.stay = stay;
        }
    }

    private VmBrokers() {
    }

    static synchronized Broker acquire(VmUrl url) throws JMSException {
        Entry e = BROKERS.get(url.name());
        if (e == null) {
            e = new Entry(start(url), url.stay());
            BROKERS.put(url.name(), e);
            LOG.debug("vm://{} started (store {})", url.name(), url.store());
        } else {
            e.stay |= url.stay();
        }
        e.references++;
        return e.broker;
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
    public static synchronized java.util.Optional<Broker> find(String name) {
        Entry e = BROKERS.get(name);
        return e == null ? java.util.Optional.empty() : java.util.Optional.of(e.broker);
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

    private static Broker start(VmUrl url) throws JMSException {
        try {
            BrokerConfig.Builder b = BrokerConfig.builder().store(store(url));
            if (url.config() != null) {
                VmConfigFile.apply(Path.of(url.config()), b);
            }
            return Broker.start(b.build());
        } catch (BrokerException e) {
            throw VmExceptions.toJms(e, "broker URL '" + UrlQuery.shown(url.url()) + "': the broker cannot start: ");
        } catch (RuntimeException e) {
            JMSException je = new JMSException("broker URL '" + UrlQuery.shown(url.url()) + "': the broker cannot "
                    + "start: " + e);
            je.setLinkedException(e);
            je.initCause(e);
            throw je;
        }
    }

    /**
     * STORE SELECTION: the one place a vm URL's {@code store} option becomes a MessageStore:
     * {@code memory} (default), {@code h2} (an H2 file database in {@code dataDir}, default ./data) or a
     * {@code jdbc:} URL (with {@code storeUser}/{@code storePassword}).
     */
    private static MessageStore store(VmUrl url) {
        if (url.store().equals("memory")) {
            return new InMemoryMessageStore();
        }
        if (url.store().equals("h2")) {
            return JdbcMessageStore.h2(Path.of(url.dataDir() == null ? "data" : url.dataDir()));
        }
        return JdbcMessageStore.open(url.store(), url.storeUser(), url.storePassword());
    }
}
