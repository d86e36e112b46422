package io.tributary.tck.vm;

import io.tributary.jms.conformance.AcknowledgeConformanceTest;
import io.tributary.jms.conformance.AdministrationConformanceTest;
import io.tributary.jms.conformance.AsyncSendConformanceTest;
import io.tributary.jms.conformance.ConnectionsConformanceTest;
import io.tributary.jms.conformance.ConsumersConformanceTest;
import io.tributary.jms.conformance.ContextConformanceTest;
import io.tributary.jms.conformance.ExceptionsConformanceTest;
import io.tributary.jms.conformance.HeadersConformanceTest;
import io.tributary.jms.conformance.ListenersConformanceTest;
import io.tributary.jms.conformance.MessageTypesConformanceTest;
import io.tributary.jms.conformance.ProducersConformanceTest;
import io.tributary.jms.conformance.PropertiesConformanceTest;
import io.tributary.jms.conformance.SelectorsConformanceTest;
import io.tributary.jms.conformance.SubscriptionsConformanceTest;
import io.tributary.jms.conformance.TemporaryDestinationsConformanceTest;
import io.tributary.jms.conformance.TransactionsConformanceTest;
import io.tributary.jms.TributaryConnectionFactory;
import io.tributary.jms.jndi.TributaryInitialContextFactory;
import jakarta.jms.ConnectionFactory;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/**
 * One client configuration of the compatibility suite: every conformance test class through
 * {@code TributaryConnectionFactory} with a {@code vm://} URL, the in-process broker. Each nested class gets its
 * own in-memory broker, which lives while the class's anchor connection (see ConformanceBase) is open.
 */
class VmConformanceSuiteTest {

    private static ConnectionFactory vm(Class<?> testClass) {
        return new TributaryConnectionFactory(url(testClass));
    }

    private static String url(Class<?> testClass) {
        return "vm://tck-" + testClass.getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Nested
    class Acknowledge extends AcknowledgeConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class AsyncSend extends AsyncSendConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Connections extends ConnectionsConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Consumers extends ConsumersConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Context extends ContextConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Exceptions extends ExceptionsConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Headers extends HeadersConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Listeners extends ListenersConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class MessageTypes extends MessageTypesConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Producers extends ProducersConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Properties extends PropertiesConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Selectors extends SelectorsConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Subscriptions extends SubscriptionsConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class TemporaryDestinations extends TemporaryDestinationsConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Transactions extends TransactionsConformanceTest {
        @Override
        protected ConnectionFactory createConnectionFactory() {
            return vm(getClass());
        }
    }

    @Nested
    class Administration extends AdministrationConformanceTest {
        private final String url = url(getClass());

        @Override
        protected String initialContextFactory() {
            return TributaryInitialContextFactory.class.getName();
        }

        @Override
        protected String brokerUrl() {
            return url;
        }
    }
}
