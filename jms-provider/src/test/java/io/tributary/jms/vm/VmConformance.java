package io.tributary.jms.vm;

import java.util.UUID;

/**
 * Names each vm:// conformance test class's own in-memory broker; the broker lives while the class's
 * anchor connection (see ConformanceBase) is open.
 */
final class VmConformance {

    private VmConformance() {
    }

    static String brokerName(Class<?> testClass) {
        return testClass.getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
