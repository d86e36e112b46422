package io.tributary.jms.vm;

import io.tributary.jms.conformance.PropertiesConformanceTest;
import jakarta.jms.ConnectionFactory;

class VmPropertiesTest extends PropertiesConformanceTest {
    private final String broker = VmConformance.brokerName(getClass());

    @Override
    protected ConnectionFactory createConnectionFactory() {
        return VmConformance.factory(broker);
    }

    @Override
    protected void shutdown() {
        VmBrokers.stop(broker);
    }
}
