package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.conformance.HeadersConformanceTest;
import jakarta.jms.ConnectionFactory;

class VmHeadersTest extends HeadersConformanceTest {
    @Override
    protected ConnectionFactory createConnectionFactory() {
        return new TributaryConnectionFactory("vm://" + VmConformance.brokerName(getClass()));
    }
}
