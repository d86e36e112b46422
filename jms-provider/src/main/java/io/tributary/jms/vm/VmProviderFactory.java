package io.tributary.jms.vm;

import io.tributary.jms.provider.Provider;
import io.tributary.jms.provider.ProviderFactory;
import io.tributary.jms.provider.UrlQuery;
import jakarta.jms.JMSException;
import java.net.URI;

/** Serves {@code vm://NAME}: an in-process broker (needs tributary-core on the class path). */
public final class VmProviderFactory implements ProviderFactory {

    @Override
    public String scheme() {
        return "vm";
    }

    @Override
    public Provider create(URI uri) throws JMSException {
        VmUrl url = VmUrl.parse(uri);
        try {
            return new VmProvider(url);
        } catch (LinkageError e) {
            JMSException je = new JMSException("broker URL '" + UrlQuery.shown(url.url()) + "': the in-process "
                    + "broker is not on the class path: add io.tributary:tributary-core (" + e + ")");
            je.initCause(e);
            throw je;
        }
    }
}
