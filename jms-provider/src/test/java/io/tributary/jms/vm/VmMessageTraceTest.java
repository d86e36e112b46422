package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.core.Broker;
import io.tributary.core.MessageTrace;
import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message tracing on {@code vm://}, switched on in the configuration file: a message rolled back until it is
 * dead-lettered, retried and consumed has its whole life in the trace, read through the broker's Management.
 */
@Timeout(60)
class VmMessageTraceTest {

    private static List<String> types(MessageTrace t) {
        return t.events().stream().map(MessageTrace.Event::type).toList();
    }

    @Test
    void tracesAMessageAcrossRollbacksDeadLetteringAndRetry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "address.orders.kind=queue\naddress.orders.tracing=on\n"
                + "address.orders.max-delivery-attempts=2\n");
        String name = "trace-" + System.nanoTime();
        String url = "vm://" + name + "?store=h2&dataDir=" + dir.resolve("data") + "&config=" + file;
        try (Connection c = new TributaryConnectionFactory(url).createConnection()) {
            c.start();
            Broker broker = VmBrokers.find(name).orElseThrow();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            Message m = s.createTextMessage("order 1");
            m.setJMSCorrelationID("corr-1");
            p.send(m);
            String id = m.getJMSMessageID();

            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer tc = tx.createConsumer(tx.createQueue("orders"));
            for (int i = 0; i < 2; i++) {
                assertEquals(id, tc.receive(5000).getJMSMessageID());
                tx.rollback();
            }
            tc.close();
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> broker.management().queue("DLQ.orders")
                    .map(q -> q.depth() == 1).orElse(false));
            assertEquals(1L, broker.management().retry("DLQ.orders").toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals(id, s.createConsumer(s.createQueue("orders")).receive(5000).getJMSMessageID());

            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
                List<MessageTrace> t = trace(broker, MessageTrace.Lookup.messageId(id));
                return t.size() == 3 && types(t.get(2)).contains(MessageTrace.SETTLED);
            });
            List<MessageTrace> traces = trace(broker, MessageTrace.Lookup.messageId(id));
            assertEquals(List.of("received", "routed", "stored", "delivered", "settled", "delivered", "settled",
                    "dead-lettered"), types(traces.get(0)));
            assertEquals(List.of("orders", "DLQ.orders", "orders"), traces.stream().map(MessageTrace::address)
                    .toList());
            assertEquals("send", traces.get(0).events().get(0).details().get("via"));
            assertEquals("rolled back", traces.get(0).events().get(4).details().get("outcome"));
            assertEquals(1L, traces.get(0).events().get(5).details().get("deliveryCount"));
            assertEquals(List.of("received", "routed", "stored", "delivered", "settled"), types(traces.get(2)));
            assertEquals("accepted", traces.get(2).events().get(4).details().get("outcome"));
            assertEquals(traces, trace(broker, MessageTrace.Lookup.correlationId("corr-1")));
        }
    }

    private static List<MessageTrace> trace(Broker broker, MessageTrace.Lookup lookup) throws Exception {
        return broker.management().trace(lookup).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
