package io.tributary.jms.vm;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.ConnectionFactory;
import java.util.UUID;

/** Gives each vm:// conformance test class its own in-memory broker, kept until the class ends. */
final class VmConformance {

    private VmConformance() {
    }

    static String brokerName(Class<?> testClass) {
        return testClass.getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ConnectionFactory factory(String brokerName) {
        return new TributaryConnectionFactory("vm://" + brokerName + "?stay=true");
    }
}
