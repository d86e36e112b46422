package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.conformance.ExceptionsConformanceTest;
import jakarta.jms.ConnectionFactory;

class VmExceptionsTest extends ExceptionsConformanceTest {
    @Override
    protected ConnectionFactory createConnectionFactory() {
        return new TributaryConnectionFactory("vm://" + VmConformance.brokerName(getClass()));
    }
}
