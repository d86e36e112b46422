package io.tributary.jms.vm;

import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderFactory;
import jakarta.jms.JMSException;
import java.net.URI;

/** Serves {@code vm://NAME}: an in-process broker. */
public final class VmProviderFactory implements ProviderFactory {

    @Override
    public String scheme() {
        return "vm";
    }

    @Override
    public Provider create(URI uri) throws JMSException {
        return new VmProvider(VmUrl.parse(uri));
    }
}
