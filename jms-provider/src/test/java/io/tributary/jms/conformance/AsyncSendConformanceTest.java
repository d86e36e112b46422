package io.tributary.jms.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Asynchronous send: Jakarta Messaging 3.1 "Asynchronous send" (CompletionListener and its restrictions). */
public abstract class AsyncSendConformanceTest extends ConformanceBase {

    @Test
    void asynchronousSend_theCompletionListenerIsCalledOnAnotherThreadAndTheMessageArrives() throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        CompletableFuture<Thread> callbackThread = new CompletableFuture<>();
        CompletableFuture<Message> completed = new CompletableFuture<>();
        TextMessage sent = s.createTextMessage("async");
        s.createProducer(q).send(sent, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                callbackThread.complete(Thread.currentThread());
                completed.complete(message);
            }

            @Override
            public void onException(Message message, Exception exception) {
                completed.completeExceptionally(exception);
            }
        });
        assertEquals(sent, completed.get(10, TimeUnit.SECONDS));
        assertNotSame(Thread.currentThread(), callbackThread.get());
        assertNotNull(sent.getJMSMessageID());
        assertEquals("async", ((TextMessage) s.createConsumer(q).receive(RECEIVE_TIMEOUT)).getText());
    }

    @Test
    void asynchronousSend_everySendOverloadRefusesANullCompletionListener() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer own = s.createProducer(q);
        MessageProducer anonymous = s.createProducer(null);
        int mode = DeliveryMode.NON_PERSISTENT;
        assertThrows(IllegalArgumentException.class, () -> own.send(s.createTextMessage("1"), null));
        assertThrows(IllegalArgumentException.class, () -> own.send(s.createTextMessage("2"), mode, 4, 0, null));
        assertThrows(IllegalArgumentException.class, () -> anonymous.send(q, s.createTextMessage("3"), null));
        assertThrows(IllegalArgumentException.class,
                () -> anonymous.send(q, s.createTextMessage("4"), mode, 4, 0, null));
        assertNull(s.createConsumer(q).receive(NO_MESSAGE_TIMEOUT), "no refused send went out");
    }

    @Test
    void asynchronousSend_aJmsProducerWithANullAsyncListenerSendsSynchronously() throws Exception {
        JMSContext ctx = context();
        Queue q = ctx.createQueue(unique("q"));
        JMSProducer p = ctx.createProducer().setAsync(null);
        assertNull(p.getAsync());
        p.send(q, "synchronous");
        assertEquals("synchronous", ctx.createConsumer(q).receiveBody(String.class, RECEIVE_TIMEOUT));
    }

    @Test
    void asyncSendRestrictions_callbacksOfOneSessionRunInSendOrder() throws Exception {
        Session s = startedConnection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = queue(s);
        MessageProducer p = s.createProducer(q);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            p.send(s.createTextMessage("m" + i), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        order.add(((TextMessage) message).getText());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    done.countDown();
                }
            });
        }
        done.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            assertEquals("m" + i, order.get(i));
        }
    }

    @Test
    void asyncSendRestrictions_closeOrCommitFromInsideACompletionListenerThrowsIllegalStateException()
            throws Exception {
        Session s = startedConnection().createSession(true, Session.SESSION_TRANSACTED);
        Queue q = queue(s);
        CompletableFuture<Object> commit = new CompletableFuture<>();
        CompletableFuture<Object> close = new CompletableFuture<>();
        s.createProducer(q).send(s.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                commit.complete(attempt(s::commit));
                close.complete(attempt(s::close));
            }

            @Override
            public void onException(Message message, Exception exception) {
                commit.complete(exception);
                close.complete(exception);
            }
        });
        assertInstanceOf(IllegalStateException.class, commit.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, close.get(10, TimeUnit.SECONDS));
    }

    @Test
    void asyncSendRestrictions_closingTheProducerOrConnectionFromACompletionListenerThrowsIllegalStateException()
            throws Exception {
        Connection c = startedConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue(s));
        CompletableFuture<Object> producerClose = new CompletableFuture<>();
        CompletableFuture<Object> connectionClose = new CompletableFuture<>();
        p.send(s.createTextMessage("x"), new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                producerClose.complete(attempt(p::close));
                connectionClose.complete(attempt(c::close));
            }

            @Override
            public void onException(Message message, Exception exception) {
                producerClose.complete(exception);
                connectionClose.complete(exception);
            }
        });
        assertInstanceOf(IllegalStateException.class, producerClose.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, connectionClose.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aNullCompletionListenerIsRejected() throws Exception {
        Session s = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(queue(s));
        assertThrows(IllegalArgumentException.class, () -> p.send(s.createMessage(), (CompletionListener) null));
    }
}
