package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions through the AMQP coordinator, redelivery and dead-lettering. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransactionTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(e -> e.declare("tx.dlq", AddressKind.QUEUE,
            AddressSettings.DEFAULTS.withMaxDeliveryAttempts(3)), a -> a);

    @Test
    void commitsAndRollsBackSends() throws Exception {
        try (Connection c = broker.connect()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = tx.createQueue("tx.sends");
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("rolled back"));
            tx.rollback();
            p.send(tx.createTextMessage("committed"));
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = plain.createConsumer(q);
            assertNull(consumer.receive(300), "nothing is visible before the commit");
            tx.commit();
            assertEquals("committed", ((TextMessage) consumer.receive(5000)).getText());
            assertNull(consumer.receive(300), "the rolled back send never arrives");
        }
    }

    @Test
    void commitsAndRollsBackReceives() throws Exception {
        try (Connection c = broker.connect()) {
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = plain.createQueue("tx.receives");
            plain.createProducer(q).send(plain.createTextMessage("work"));
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(q);
            Message first = consumer.receive(5000);
            assertNotNull(first);
            assertFalse(first.getJMSRedelivered());
            tx.rollback();
            Message again = consumer.receive(5000);
            assertNotNull(again, "a rolled back receive is redelivered");
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            tx.commit();
            consumer.close();
            assertNull(plain.createConsumer(q).receive(300), "a committed receive removed the message");
        }
    }

    @Test
    void sendsAndReceivesAtomicallyInOneTransaction() throws Exception {
        try (Connection c = broker.connect()) {
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue in = plain.createQueue("tx.in");
            Queue out = plain.createQueue("tx.out");
            plain.createProducer(in).send(plain.createTextMessage("order"));
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            TextMessage m = (TextMessage) tx.createConsumer(in).receive(5000);
            tx.createProducer(out).send(tx.createTextMessage("processed " + m.getText()));
            tx.commit();
            assertEquals("processed order", ((TextMessage) plain.createConsumer(out).receive(5000)).getText());
        }
    }

    @Test
    void redeliversAfterRecoverWithACount() throws Exception {
        try (Connection c = broker.connect()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("tx.recover");
            s.createProducer(q).send(s.createTextMessage("again"));
            MessageConsumer consumer = s.createConsumer(q);
            Message first = consumer.receive(5000);
            assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
            s.recover();
            Message second = consumer.receive(5000);
            assertNotNull(second);
            assertTrue(second.getJMSRedelivered());
            second.acknowledge();
        }
    }

    @Test
    void deadLettersAfterTheMaximumDeliveryAttempts() throws Exception {
        try (Connection c = broker.connect()) {
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = plain.createQueue("tx.dlq");
            plain.createProducer(q).send(plain.createTextMessage("poison"));
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(q);
            for (int attempt = 1; attempt <= 3; attempt++) {
                Message m = consumer.receive(5000);
                assertNotNull(m, "attempt " + attempt);
                tx.rollback();
            }
            assertNull(consumer.receive(300), "after 3 failed attempts the message left the queue");
            consumer.close();
            TextMessage dead = (TextMessage) plain.createConsumer(plain.createQueue("DLQ.tx.dlq")).receive(5000);
            assertNotNull(dead, "the message is in DLQ.tx.dlq");
            assertEquals("poison", dead.getText());
        }
    }

    @Test
    void deadLettersWhatTheClientRejects() throws Exception {
        // Qpid JMS rejects a message once its redelivery policy's maximum is exceeded
        String uri = broker.uri("jms.redeliveryPolicy.maxRedeliveries=1&jms.redeliveryPolicy.outcome=REJECTED");
        try (Connection c = new JmsConnectionFactory(uri).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("tx.rejected");
            s.createProducer(q).send(s.createTextMessage("unwanted"));
            MessageConsumer consumer = s.createConsumer(q);
            for (int i = 0; i < 2; i++) {
                assertNotNull(consumer.receive(5000), "delivery " + i);
                s.recover();
            }
            assertNull(consumer.receive(300), "the client rejected it");
            consumer.close();
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage dead = (TextMessage) plain.createConsumer(plain.createQueue("DLQ.tx.rejected")).receive(5000);
            assertNotNull(dead);
            assertEquals("unwanted", dead.getText());
        }
    }
}
