package io.tributary.jms.vm;

import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderFactory;
import jakarta.jms.JMSException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests: {@code countingvm://NAME} is {@code vm://NAME} with its provider settlements counted per broker
 * name (each call of either {@code Provider.settle} is one settlement, as one AMQP disposition would be).
 */
public final class CountingVmProviderFactory implements ProviderFactory {

    private static final Map<String, AtomicInteger> SETTLEMENTS = new ConcurrentHashMap<>();

    /** The settlements the providers of {@code countingvm://name} made so far. */
    static int settlements(String name) {
        AtomicInteger n = SETTLEMENTS.get(name);
        return n == null ? 0 : n.get();
    }

    @Override
    public String scheme() {
        return "countingvm";
    }

    @Override
    public Provider create(URI uri) throws JMSException {
        VmUrl url = VmUrl.parse(uri);
        Provider real = new VmProvider(url);
        AtomicInteger count = SETTLEMENTS.computeIfAbsent(url.name(), n -> new AtomicInteger());
        InvocationHandler counting = (proxy, method, args) -> {
            if (method.getName().equals("settle")) {
                count.incrementAndGet();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Provider) Proxy.newProxyInstance(Provider.class.getClassLoader(), new Class<?>[] {Provider.class},
                counting);
    }
}
