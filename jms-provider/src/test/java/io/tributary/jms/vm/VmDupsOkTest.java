package io.tributary.jms.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.jms.TributaryConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DUPS_OK_ACKNOWLEDGE acknowledges lazily: measurably fewer provider settlements than AUTO_ACKNOWLEDGE for the
 * same messages, and a consumed message of a session that stays open is still acknowledged within a moment.
 */
@Timeout(30)
class VmDupsOkTest {

    private static final int MESSAGES = 200;

    /** Sends {@link #MESSAGES} to a fresh queue, receives them in {@code mode}, answers the settlements made. */
    private static int settlementsToConsume(int mode) throws Exception {
        String name = "dups-ok-" + mode + "-" + System.nanoTime();
        try (Connection c = new TributaryConnectionFactory("countingvm://" + name).createConnection()) {
            c.start();
            Session producing = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = producing.createQueue("counted");
            MessageProducer p = producing.createProducer(q);
            for (int i = 0; i < MESSAGES; i++) {
                p.send(producing.createTextMessage("m" + i));
            }
            Session s = c.createSession(false, mode);
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < MESSAGES; i++) {
                assertEquals("m" + i, ((TextMessage) consumer.receive(5_000)).getText());
            }
            s.close();
            return CountingVmProviderFactory.settlements(name);
        }
    }

    @Test
    void dupsOkSettlesInBatchesWhereAutoSettlesEachMessage() throws Exception {
        int auto = settlementsToConsume(Session.AUTO_ACKNOWLEDGE);
        int dupsOk = settlementsToConsume(Session.DUPS_OK_ACKNOWLEDGE);
        assertEquals(MESSAGES, auto, "AUTO_ACKNOWLEDGE settles every message on its own");
        assertTrue(dupsOk * 4 <= auto, "DUPS_OK settled " + dupsOk + " times for " + MESSAGES + " messages");
    }

    @Test
    void aConsumedMessageOfAnOpenDupsOkSessionIsAcknowledgedSoon() throws Exception {
        String name = "dups-ok-open-" + System.nanoTime();
        try (Connection c = new TributaryConnectionFactory("countingvm://" + name).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            Queue q = s.createQueue("one");
            s.createProducer(q).send(s.createTextMessage("only"));
            assertEquals("only", ((TextMessage) s.createConsumer(q).receive(5_000)).getText());
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> CountingVmProviderFactory.settlements(name) == 1);
        }
    }
}
