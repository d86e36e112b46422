package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Producers: Jakarta Messaging 3.1 "Sending messages", "Provider implementations of JMS message interfaces" (foreign
 * messages).
 */
public abstract class ProducersConformanceTest extends ConformanceBase {

    @Test
    void anAnonymousProducerSendsToEachMessagesDestination() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue a = queue(s);
        Queue b = queue(s);
        MessageProducer p = s.createProducer(null);
        p.send(a, s.createTextMessage("to a"));
        p.send(b, s.createTextMessage("to b"));
        assertEquals("to a", ((TextMessage) s.createConsumer(a).receive(RECEIVE_TIMEOUT)).getText());
        assertEquals("to b", ((TextMessage) s.createConsumer(b).receive(RECEIVE_TIMEOUT)).getText());
        assertThrows(UnsupportedOperationException.class, () -> p.send(s.createMessage()));
        assertThrows(InvalidDestinationException.class, () -> p.send(null, s.createMessage()));
    }

    @Test
    void anAnonymousProducerServesManyDestinationsInTurn() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(null);
        Queue[] queues = new Queue[80];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = queue(s);
        }
        for (int round = 0; round < 2; round++) {
            for (Queue q : queues) {
                p.send(q, s.createTextMessage(q.getQueueName() + "#" + round));
            }
        }
        for (Queue q : queues) {
            var consumer = s.createConsumer(q);
            for (int round = 0; round < 2; round++) {
                TextMessage m = (TextMessage) consumer.receive(RECEIVE_TIMEOUT);
                assertEquals(q.getQueueName() + "#" + round, m.getText());
            }
            consumer.close();
        }
    }

    @Test
    void aProducerWithADestinationRejectsAnotherDestination() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue(s));
        assertThrows(UnsupportedOperationException.class, () -> p.send(queue(s), s.createMessage()));
    }

    @Test
    void producerSettingsAreValidatedAndKept() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue(s));
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        p.setPriority(9);
        p.setTimeToLive(1000);
        assertEquals(DeliveryMode.NON_PERSISTENT, p.getDeliveryMode());
        assertEquals(9, p.getPriority());
        assertEquals(1000, p.getTimeToLive());
        assertThrows(JMSException.class, () -> p.setDeliveryMode(42));
        assertThrows(JMSException.class, () -> p.setPriority(10));
        p.close();
        assertThrows(IllegalStateException.class, () -> p.send(s.createMessage()));
        assertThrows(IllegalStateException.class, p::getPriority);
    }

    @Test
    void sendingANullMessageThrowsMessageFormatException() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue(s));
        assertThrows(MessageFormatException.class, () -> p.send(null));
    }

    @Test
    void aResentMessageGetsANewMessageId() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue(s));
        Message m = s.createMessage();
        p.send(m);
        String first = m.getJMSMessageID();
        p.send(m);
        assertNotNull(first);
        assertTrue(!first.equals(m.getJMSMessageID()));
    }

    @Test
    void foreignMessages_aForeignMessageIsSentWithItsHeadersPropertiesAndBody() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        Map<String, Object> state = new HashMap<>();
        state.put("text", "foreign body");
        state.put("prop:colour", "green");
        state.put("JMSCorrelationID", "corr-1");
        TextMessage foreign = foreignTextMessage(state);
        s.createProducer(q).send(foreign);
        assertNotNull(foreign.getJMSMessageID(), "send sets the headers on the foreign message too");
        assertEquals(q, foreign.getJMSDestination());
        TextMessage got = (TextMessage) s.createConsumer(q).receive(RECEIVE_TIMEOUT);
        assertEquals("foreign body", got.getText());
        assertEquals("green", got.getStringProperty("colour"));
        assertEquals("corr-1", got.getJMSCorrelationID());
    }

    /** A TextMessage of "another provider": a dynamic proxy that keeps its state in a map. */
    private static TextMessage foreignTextMessage(Map<String, Object> state) {
        return (TextMessage) Proxy.newProxyInstance(ProducersConformanceTest.class.getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    switch (name) {
                        case "getText": return state.get("text");
                        case "getPropertyNames":
                            return Collections.enumeration(state.keySet().stream().filter(k -> k.startsWith("prop:"))
                                    .map(k -> k.substring(5)).toList());
                        case "getObjectProperty": return state.get("prop:" + args[0]);
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        case "toString": return "ForeignTextMessage" + state;
                        default: break;
                    }
                    if (name.startsWith("set") && args != null && args.length == 1) {
                        state.put(name.substring(3), args[0]);
                        return null;
                    }
                    if (name.startsWith("get")) {
                        Object v = state.get(name.substring(3));
                        Class<?> rt = method.getReturnType();
                        if (v == null && rt.isPrimitive()) {
                            return rt == boolean.class ? Boolean.FALSE : rt == long.class ? 0L : 0;
                        }
                        return v;
                    }
                    return null;
                });
    }
}
