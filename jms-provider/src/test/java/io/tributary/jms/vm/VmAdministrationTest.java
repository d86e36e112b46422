package io.tributary.jms.vm;

import io.tributary.jms.conformance.AdministrationConformanceTest;
import io.tributary.jms.jndi.TributaryInitialContextFactory;

class VmAdministrationTest extends AdministrationConformanceTest {
    private final String url = "vm://" + VmConformance.brokerName(getClass());

    @Override
    protected String initialContextFactory() {
        return TributaryInitialContextFactory.class.getName();
    }

    @Override
    protected String brokerUrl() {
        return url;
    }
}
