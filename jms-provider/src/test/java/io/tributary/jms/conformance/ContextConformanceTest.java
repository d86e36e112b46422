package io.tributary.jms.conformance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The simplified API: Jakarta Messaging 3.1 the simplified API (JMSContext, JMSProducer, JMSConsumer). */
public abstract class ContextConformanceTest extends ConformanceBase {

    @Test
    void sendAndReceiveBodiesOfEveryKind() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(unique("q"));
        JMSConsumer consumer = ctx.createConsumer(q);
        JMSProducer p = ctx.createProducer();
        p.send(q, "text");
        p.send(q, new byte[] {1, 2});
        p.send(q, Map.of("k", 1));
        p.send(q, Integer.valueOf(5));
        assertEquals("text", consumer.receiveBody(String.class, RECEIVE_TIMEOUT));
        assertArrayEquals(new byte[] {1, 2}, consumer.receiveBody(byte[].class, RECEIVE_TIMEOUT));
        assertEquals(1, consumer.receiveBody(Map.class, RECEIVE_TIMEOUT).get("k"));
        assertEquals(5, consumer.receiveBody(Integer.class, RECEIVE_TIMEOUT));
        assertNull(consumer.receiveBodyNoWait(String.class));
    }

    @Test
    void receiveBodyOfTheWrongTypeThrowsAndTheMessageIsDeliveredAgain() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(unique("q"));
        JMSConsumer consumer = ctx.createConsumer(q);
        ctx.createProducer().send(q, "text");
        assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class, RECEIVE_TIMEOUT));
        assertEquals("text", consumer.receiveBody(String.class, RECEIVE_TIMEOUT));
    }

    @Test
    void producerPropertiesAndHeadersAreAppliedToEachMessage() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(unique("q"));
        JMSConsumer consumer = ctx.createConsumer(q);
        ctx.createProducer().setProperty("colour", "red").setJMSType("t").setJMSCorrelationID("c")
                .setPriority(6).send(q, "x");
        Message m = consumer.receive(RECEIVE_TIMEOUT);
        assertEquals("red", m.getStringProperty("colour"));
        assertEquals("t", m.getJMSType());
        assertEquals("c", m.getJMSCorrelationID());
        assertEquals(6, m.getJMSPriority());
        JMSProducer p = ctx.createProducer().setProperty("n", 3);
        assertEquals(3L, p.getLongProperty("n"));
        assertThrows(MessageFormatRuntimeException.class, () -> p.getShortProperty("n"));
        assertThrows(MessageFormatRuntimeException.class, () -> p.setProperty("o", new Object()));
    }

    @Test
    void transactedContextCommitsAndRollsBack() throws Exception {
        JMSContext ctx = context(JMSContext.SESSION_TRANSACTED);
        Queue q = ctx.createQueue(unique("q"));
        ctx.createProducer().send(q, "a");
        ctx.rollback();
        ctx.createProducer().send(q, "b");
        ctx.commit();
        assertEquals("b", ctx.createConsumer(q).receiveBody(String.class, RECEIVE_TIMEOUT));
        ctx.commit();
    }

    @Test
    void asyncSendThroughTheSimplifiedApi() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(unique("q"));
        CompletableFuture<Message> done = new CompletableFuture<>();
        ctx.createProducer().setAsync(new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                done.complete(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.completeExceptionally(exception);
            }
        }).send(q, "async");
        assertInstanceOf(TextMessage.class, done.get(10, TimeUnit.SECONDS));
        assertEquals("async", ctx.createConsumer(q).receiveBody(String.class, RECEIVE_TIMEOUT));
    }

    @Test
    void contextsMadeFromAContextShareItsConnection() throws Exception {
        JMSContext ctx = context();
        ctx.setClientID(unique("client"));
        JMSContext child = track(ctx.createContext(JMSContext.CLIENT_ACKNOWLEDGE));
        assertEquals(ctx.getClientID(), child.getClientID());
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, child.getSessionMode());
    }

    @Test
    void errorsAreRuntimeExceptionsOfTheRightKind() throws Exception {
        JMSContext ctx = context();
        assertThrows(InvalidDestinationRuntimeException.class, () -> ctx.createConsumer(null));
        assertThrows(InvalidSelectorRuntimeException.class,
                () -> ctx.createConsumer(ctx.createQueue(unique("q")), "a = = b"));
        assertThrows(IllegalStateRuntimeException.class, ctx::commit);
        assertThrows(MessageFormatRuntimeException.class,
                () -> ctx.createProducer().send(ctx.createQueue("x"), (Message) null));
        ctx.close();
        assertThrows(IllegalStateRuntimeException.class, ctx::createMessage);
        ctx.close();
    }

    @Test
    void closeAndStopFromTheContextsOwnListenerThrowIllegalStateRuntimeException() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(unique("q"));
        CompletableFuture<Object> stop = new CompletableFuture<>();
        CompletableFuture<Object> close = new CompletableFuture<>();
        ctx.createConsumer(q).setMessageListener(m -> {
            stop.complete(attempt(ctx::stop));
            close.complete(attempt(ctx::close));
        });
        ctx.createProducer().send(q, "x");
        assertInstanceOf(IllegalStateRuntimeException.class, stop.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateRuntimeException.class, close.get(10, TimeUnit.SECONDS));
    }

    @Test
    void autoStartCanBeTurnedOff() throws Exception {
        JMSContext ctx = context();
        ctx.setAutoStart(false);
        Queue q = ctx.createQueue(unique("q"));
        JMSConsumer consumer = ctx.createConsumer(q);
        ctx.createProducer().send(q, "x");
        assertNull(consumer.receive(NO_MESSAGE_TIMEOUT));
        ctx.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.receiveNoWait() != null);
        assertTrue(!ctx.getAutoStart());
    }
}
