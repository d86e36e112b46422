package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicSession;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Connections and client ids: Jakarta Messaging 3.1 "Connection", "Client identifier", "ConnectionMetaData". */
public abstract class ConnectionsConformanceTest extends ConformanceBase {

    @Test
    void clientIdentifier_theClientIdCanBeSetOnlyBeforeAnyOtherAction() throws Exception {
        Connection c = connection();
        assertNull(c.getClientID());
        String id = unique("client");
        c.setClientID(id);
        assertEquals(id, c.getClientID());
        assertThrows(IllegalStateException.class, () -> c.setClientID(unique("again")));
        Connection late = connection();
        late.createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateException.class, () -> late.setClientID(unique("late")));
    }

    @Test
    void clientIdentifier_aClientIdInUseIsRejectedAndFreedOnClose() throws Exception {
        String id = unique("client");
        Connection first = connection();
        first.setClientID(id);
        Connection second = connection();
        assertThrows(InvalidClientIDException.class, () -> second.setClientID(id));
        first.close();
        Connection third = connection();
        third.setClientID(id);
    }

    @Test
    void connectionMetaData_metaDataDescribesJakartaMessaging31() throws Exception {
        ConnectionMetaData md = connection().getMetaData();
        assertEquals(3, md.getJMSMajorVersion());
        assertEquals(1, md.getJMSMinorVersion());
        assertEquals("3.1", md.getJMSVersion());
        Assertions.assertNotNull(md.getJMSProviderName());
    }

    @Test
    void closingAConnection_aClosedConnectionThrowsIllegalStateExceptionAndClosesTwiceQuietly() throws Exception {
        Connection c = connection();
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.createSession(false, Session.AUTO_ACKNOWLEDGE));
        assertThrows(IllegalStateException.class, c::start);
        assertThrows(IllegalStateException.class, c::getClientID);
    }

    @Test
    void closingAConnection_closingAConnectionClosesItsSessionsAndConsumers() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(queue(s));
        c.close();
        assertThrows(IllegalStateException.class, s::createMessage);
        assertThrows(IllegalStateException.class, consumer::receiveNoWait);
    }

    @Test
    void domainSpecificConnectionsWork() throws Exception {
        QueueConnection qc = track(((QueueConnectionFactory) factory).createQueueConnection());
        QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
        qc.start();
        var queue = qs.createQueue(unique("q"));
        qs.createSender(queue).send(qs.createTextMessage("q"));
        assertEquals("q", ((TextMessage) qs.createReceiver(queue).receive(RECEIVE_TIMEOUT)).getText());
        TopicConnection tc = track(((TopicConnectionFactory) factory).createTopicConnection());
        TopicSession ts = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThrows(IllegalStateException.class, () -> ts.createQueue("x"),
                "a domain-inappropriate method (IllegalStateException javadoc)");
        assertThrows(IllegalStateException.class, () -> qs.createTopic("x"));
    }

    @Test
    void anInvalidAcknowledgeModeIsRejected() throws Exception {
        Connection c = connection();
        assertThrows(JMSException.class, () -> c.createSession(false, 99));
    }
}
