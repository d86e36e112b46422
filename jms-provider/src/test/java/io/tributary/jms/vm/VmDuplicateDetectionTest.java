package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicate detection on {@code vm://}, set in the same configuration file as {@code bin/tributary} reads: resends
 * of an {@code _AMQ_DUPL_ID} are dropped, also after the broker restarted on its H2 store, and a duplicate in a
 * transacted session fails the commit naming the id.
 */
@Timeout(60)
class VmDuplicateDetectionTest {

    private static TextMessage withId(Session s, String id, String text) throws JMSException {
        TextMessage m = s.createTextMessage(text);
        m.setStringProperty("_AMQ_DUPL_ID", id);
        return m;
    }

    private static List<String> drain(Session s, String queue) throws JMSException {
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        List<String> got = new ArrayList<>();
        for (Message m = consumer.receive(2000); m != null; m = consumer.receive(300)) {
            got.add(((TextMessage) m).getText());
        }
        consumer.close();
        return got;
    }

    @Test
    void dropsResendsAlsoAfterARestartAndFailsACommitWithADuplicate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "defaults.duplicate-detection=property\ndefaults.duplicate-id-cache=100\n");
        String url = "vm://dedup-" + System.nanoTime() + "?store=h2&dataDir=" + dir.resolve("data") + "&config="
                + file;
        try (Connection c = new TributaryConnectionFactory(url).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            TextMessage first = withId(s, "order-1", "first");
            p.send(first);
            p.send(first);
            p.send(withId(s, "order-2", "second"));
            assertEquals(List.of("first", "second"), drain(s, "orders"));
        }
        try (Connection c = new TributaryConnectionFactory(url).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            p.send(withId(s, "order-1", "resent after the restart"));
            p.send(withId(s, "order-3", "third"));
            assertEquals(List.of("third"), drain(s, "orders"));

            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer tp = tx.createProducer(tx.createQueue("orders"));
            tp.send(withId(tx, "order-4", "fourth"));
            tp.send(withId(tx, "order-2", "second again"));
            JMSException e = assertThrows(TransactionRolledBackException.class, tx::commit);
            assertTrue(e.getMessage().contains("'order-2'"), e.getMessage());
            tp.send(withId(tx, "order-4", "fourth"));
            tx.commit();
            assertEquals(List.of("fourth"), drain(s, "orders"));
        }
    }
}
