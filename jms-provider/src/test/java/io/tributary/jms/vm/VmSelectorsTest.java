package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.conformance.SelectorsConformanceTest;
import jakarta.jms.ConnectionFactory;

class VmSelectorsTest extends SelectorsConformanceTest {
    @Override
    protected ConnectionFactory createConnectionFactory() {
        return new TributaryConnectionFactory("vm://" + VmConformance.brokerName(getClass()));
    }
}
