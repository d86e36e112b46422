package io.tributary.tck.qpid;

import io.tributary.jms.conformance.AdministrationConformanceTest;

/** The Administration conformance tests through Qpid JMS's own JNDI and factory over AMQP 1.0. */
class QpidAdministrationTest extends AdministrationConformanceTest {
    private QpidOverAmqp broker;

    @Override
    protected String initialContextFactory() {
        return "org.apache.qpid.jms.jndi.JmsInitialContextFactory";
    }

    @Override
    protected String brokerUrl() {
        if (broker == null) {
            broker = new QpidOverAmqp();
        }
        return broker.url();
    }

    @Override
    protected void shutdown() {
        broker.close();
    }
}
