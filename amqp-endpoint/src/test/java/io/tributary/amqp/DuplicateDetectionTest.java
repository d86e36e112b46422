package io.tributary.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.AddressKind;
import io.tributary.core.AddressSettings;
import io.tributary.core.DuplicateDetection.Mode;
import io.tributary.core.DuplicateDetection;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Duplicate detection over AMQP: a resend of an unconfirmed message (same message-id, as Qpid JMS's failover
 * replays it) is accepted and not delivered twice; an Artemis application's {@code _AMQ_DUPL_ID} works unchanged
 * through Qpid JMS; a duplicate inside a transaction fails the commit with the id in the error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DuplicateDetectionTest {

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension(
            e -> e.declare("dedup.by-id", AddressKind.QUEUE, settings(Mode.MESSAGE_ID))
                    .declare("dedup.by-property", AddressKind.QUEUE, settings(Mode.PROPERTY))
                    .declare("dedup.tx", AddressKind.QUEUE, settings(Mode.PROPERTY)),
            a -> a);

    private static AddressSettings settings(Mode mode) {
        return AddressSettings.DEFAULTS.withDuplicateDetection(new DuplicateDetection(mode, 1000));
    }

    private static byte[] withMessageId(String id, String body) {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        m.setHeader(new Header());
        m.getHeader().setDurable(true);
        m.setMessageId(id);
        m.setBody(new AmqpValue(body));
        return RawAmqpClient.encode(m);
    }

    private static List<String> drain(Connection c, String queue) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        List<String> got = new ArrayList<>();
        for (Message m = consumer.receive(2000); m != null; m = consumer.receive(300)) {
            got.add(((TextMessage) m).getText());
        }
        s.close();
        return got;
    }

    @Test
    void aResendWithTheSameMessageIdOnANewConnectionIsAcceptedAndNotDeliveredTwice() throws Exception {
        for (String body : new String[] {"first", "resent after failover"}) {
            try (RawAmqpClient client = new RawAmqpClient(broker.server().port())) {
                Sender sender = client.sender("dedup.by-id");
                assertInstanceOf(Accepted.class, client.send(sender, withMessageId("order-17", body), null)
                        .getRemoteState(), "the client sees success both times");
            }
        }
        try (Connection c = broker.connect()) {
            c.start();
            assertEquals(List.of("first"), drain(c, "dedup.by-id"));
        }
    }

    @Test
    void anArtemisApplicationsDuplicateIdPropertyWorksUnchangedThroughQpidJms() throws Exception {
        try (Connection c = broker.connect()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("dedup.by-property"));
            TextMessage m = s.createTextMessage("order 5");
            m.setStringProperty("_AMQ_DUPL_ID", "order-5");
            p.send(m);
            p.send(m);
            TextMessage other = s.createTextMessage("order 6");
            other.setStringProperty("_AMQ_DUPL_ID", "order-6");
            p.send(other);
            assertEquals(List.of("order 5", "order 6"), drain(c, "dedup.by-property"));
        }
    }

    @Test
    void aDuplicateInATransactionFailsTheCommitNamingTheId() throws Exception {
        try (Connection c = broker.connect()) {
            c.start();
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = plain.createQueue("dedup.tx");
            TextMessage paid = plain.createTextMessage("paid");
            paid.setStringProperty("_AMQ_DUPL_ID", "payment-42");
            plain.createProducer(q).send(paid);

            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(q);
            TextMessage again = tx.createTextMessage("paid again");
            again.setStringProperty("_AMQ_DUPL_ID", "payment-42");
            p.send(again);
            p.send(tx.createTextMessage("no id"));
            JMSException e = assertThrows(JMSException.class, tx::commit);
            assertTrue(e instanceof TransactionRolledBackException || e.getMessage().contains("payment-42"),
                    e.toString());
            assertTrue(e.getMessage().contains("payment-42"), e.getMessage());

            p.send(tx.createTextMessage("next transaction"));
            tx.commit();
            MessageConsumer consumer = plain.createConsumer(q);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Message m = consumer.receive(5000);
                assertNotNull(m);
                got.add(((TextMessage) m).getText());
            }
            assertEquals(List.of("paid", "next transaction"), got);
            assertNull(consumer.receive(300), "nothing of the failed transaction arrives");
        }
    }
}
