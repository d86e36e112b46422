package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.store.jdbc.JdbcMessageStore;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent queue whose backlog is many times its memory budget, through the Qpid JMS client: most of it is
 * paged out to the H2 store, and a browser and a consumer still see all of it, in order.
 */
@Timeout(120)
class PagedQueueTest {

    private static final int COUNT = 1000;

    @TempDir
    Path dataDirectory;

    @Test
    void aQueueBrowserSeesTheWholeBacklogOfAPagingQueueInOrderAndLeavesItThere() throws Exception {
        try (TestBroker broker = TestBroker.start(b -> b.store(JdbcMessageStore.h2(dataDirectory))
                .declare("paged", AddressKind.QUEUE, AddressSettings.DEFAULTS.withMemoryBudget(64 * 1024)), a -> a);
             Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("paged");
            MessageProducer p = s.createProducer(q);
            for (int n = 0; n < COUNT; n++) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(new byte[1024]);
                m.setIntProperty("n", n);
                p.send(m);
            }
            List<Integer> all = IntStream.range(0, COUNT).boxed().toList();

            QueueBrowser browser = s.createBrowser(q);
            List<Integer> browsed = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                browsed.add(((Message) e.nextElement()).getIntProperty("n"));
            }
            browser.close();
            assertEquals(COUNT, browsed.size(), "the browser saw " + browsed.size() + " of " + COUNT + " messages");
            assertEquals(all, browsed);

            MessageConsumer consumer = s.createConsumer(q);
            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                Message m = consumer.receive(10_000);
                assertNotNull(m, "message " + i + " did not arrive");
                received.add(m.getIntProperty("n"));
            }
            assertEquals(all, received);
        }
    }
}
