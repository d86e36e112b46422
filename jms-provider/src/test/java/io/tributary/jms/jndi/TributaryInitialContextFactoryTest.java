package io.tributary.jms.jndi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JNDI: the usual connectionFactory./queue./topic. entries and dynamic lookups (Jakarta Messaging 3.1 "Administered
 * objects").
 */
@Timeout(30)
class TributaryInitialContextFactoryTest {

    private static Context context(Hashtable<String, Object> env) throws Exception {
        env.put(Context.INITIAL_CONTEXT_FACTORY, TributaryInitialContextFactory.class.getName());
        return new InitialContext(env);
    }

    @Test
    void bindsFactoriesQueuesAndTopicsFromTheEnvironment() throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put("connectionFactory.local", "vm://jndi-test?stay=false");
        env.put("queue.orders", "orders.in");
        env.put("topic.prices", "prices.live");
        Context ctx = context(env);
        TributaryConnectionFactory cf = (TributaryConnectionFactory) ctx.lookup("local");
        assertEquals("vm://jndi-test?stay=false", cf.getBrokerURL());
        assertEquals("orders.in", ((Queue) ctx.lookup("orders")).getQueueName());
        assertEquals("prices.live", ((Topic) ctx.lookup("prices")).getTopicName());
        assertEquals("any.queue", ((Queue) ctx.lookup("dynamicQueues/any.queue")).getQueueName());
        assertEquals("any.topic", ((Topic) ctx.lookup("dynamicTopics/any.topic")).getTopicName());
        try (JMSContext jms = ((ConnectionFactory) ctx.lookup("local")).createContext()) {
            Queue q = (Queue) ctx.lookup("orders");
            jms.createProducer().send(q, "via jndi");
            assertEquals("via jndi", jms.createConsumer(q).receiveBody(String.class, 5000));
        }
    }

    @Test
    void providerUrlBindsConnectionFactoryWhenNoneIsDeclared() throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.PROVIDER_URL, "vm://from-provider-url");
        assertEquals("vm://from-provider-url",
                ((TributaryConnectionFactory) context(env).lookup("ConnectionFactory")).getBrokerURL());
    }

    @Test
    void theContextIsReadOnlyAndNamesUnknownEntries() throws Exception {
        Context ctx = context(new Hashtable<>());
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind("x", "y"));
        NameNotFoundException e = assertThrows(NameNotFoundException.class, () -> ctx.lookup("missing"));
        assertInstanceOf(String.class, e.getMessage());
    }
}
