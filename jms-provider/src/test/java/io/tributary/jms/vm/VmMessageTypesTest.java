package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.conformance.MessageTypesConformanceTest;
import jakarta.jms.ConnectionFactory;

class VmMessageTypesTest extends MessageTypesConformanceTest {
    @Override
    protected ConnectionFactory createConnectionFactory() {
        return new TributaryConnectionFactory("vm://" + VmConformance.brokerName(getClass()));
    }
}
