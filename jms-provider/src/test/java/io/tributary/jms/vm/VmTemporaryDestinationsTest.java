package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.conformance.TemporaryDestinationsConformanceTest;
import jakarta.jms.ConnectionFactory;

class VmTemporaryDestinationsTest extends TemporaryDestinationsConformanceTest {
    @Override
    protected ConnectionFactory createConnectionFactory() {
        return new TributaryConnectionFactory("vm://" + VmConformance.brokerName(getClass()));
    }
}
