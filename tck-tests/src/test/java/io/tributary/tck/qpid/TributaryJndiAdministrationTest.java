package io.tributary.tck.qpid;

import io.tributary.jms.jndi.TributaryInitialContextFactory;

/**
 * The Administration conformance tests through Tributary's JNDI with amqp:// URLs: the same jndi.properties
 * entries that configure an embedded vm:// broker configure Qpid JMS for a remote one.
 */
class TributaryJndiAdministrationTest extends QpidAdministrationTest {

    @Override
    protected String initialContextFactory() {
        return TributaryInitialContextFactory.class.getName();
    }
}
