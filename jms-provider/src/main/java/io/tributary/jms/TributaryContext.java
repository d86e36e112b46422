package io.tributary.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simplified API's JMSContext: one connection (shared with contexts made by
 * {@link #createContext(int)}) and one session, created lazily so that setClientID still works right
 * after the context is made. Checked JMS exceptions become their JMSRuntimeException counterparts.
 *
 * <p>Thread model: like a session, used by one application thread at a time.
 */
final class TributaryContext implements JMSContext {

    /** A connection shared by contexts, closed with the last of them. Thread-safe. */
    static final class SharedConnection {
        final TributaryConnection connection;
        private final AtomicInteger references = new AtomicInteger(1);

        SharedConnection(TributaryConnection connection) {
            this.connection = connection;
        }

        SharedConnection retain() {
            references.incrementAndGet();
            return this;
        }

        void release() throws JMSException {
            if (references.decrementAndGet() == 0) {
                connection.close();
            }
        }
    }

    interface JmsCall<T> {
        T call() throws JMSException;
    }

    private final SharedConnection shared;
    private final int sessionMode;
    private volatile TributarySession session;
    private MessageProducer producer;
    private volatile boolean autoStart = true;
    private volatile boolean closed;

    TributaryContext(SharedConnection shared, int sessionMode) {
        this.shared = shared;
        this.sessionMode = sessionMode;
    }

    static void checkSessionMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE
                && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("session mode " + mode + " is not AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE, "
                    + "DUPS_OK_ACKNOWLEDGE or SESSION_TRANSACTED");
        }
    }

    static <T> T run(JmsCall<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateRuntimeException("the JMSContext is closed");
        }
    }

    TributarySession session() {
        checkClosed();
        TributarySession s = session;
        if (s == null) {
            synchronized (this) {
                s = session;
                if (s == null) {
                    s = (TributarySession) run(() -> shared.connection.createSession(sessionMode));
                    session = s;
                }
            }
        }
        return s;
    }

    synchronized MessageProducer producer() {
        if (producer == null) {
            producer = run(() -> session().createProducer(null));
        }
        return producer;
    }

    private void autoStart() {
        if (autoStart) {
            run(() -> {
                shared.connection.start();
                return null;
            });
        }
    }

    @Override
    public JMSContext createContext(int mode) {
        checkClosed();
        checkSessionMode(mode);
        return new TributaryContext(shared.retain(), mode);
    }

    @Override
    public JMSProducer createProducer() {
        checkClosed();
        return new TributaryJMSProducer(this);
    }

    @Override
    public String getClientID() {
        checkClosed();
        return run(shared.connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        checkClosed();
        run(() -> {
            shared.connection.setClientID(clientID);
            return null;
        });
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkClosed();
        return run(shared.connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkClosed();
        return run(shared.connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkClosed();
        run(() -> {
            shared.connection.setExceptionListener(listener);
            return null;
        });
    }

    @Override
    public void start() {
        checkClosed();
        run(() -> {
            shared.connection.start();
            return null;
        });
    }

    private void checkNotInOwnListener(String method) {
        TributarySession s = session;
        if (s != null && s.onListenerThread()) {
            throw new IllegalStateRuntimeException("a MessageListener may not call " + method
                    + " on its own JMSContext (JMSContext.stop and close)");
        }
    }

    @Override
    public void stop() {
        checkClosed();
        checkNotInOwnListener("stop");
        run(() -> {
            shared.connection.stop();
            return null;
        });
    }

    @Override
    public void setAutoStart(boolean value) {
        checkClosed();
        autoStart = value;
    }

    @Override
    public boolean getAutoStart() {
        checkClosed();
        return autoStart;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkNotInOwnListener("close");
        run(() -> {
            TributarySession s = session;
            if (s != null) {
                s.close();
            }
            closed = true;
            shared.release();
            return null;
        });
    }

    @Override
    public BytesMessage createBytesMessage() {
        return run(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return run(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return run(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return run(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return run(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return run(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return run(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return run(() -> session().createTextMessage(text));
    }

    @Override
    public boolean getTransacted() {
        return run(() -> session().getTransacted());
    }

    @Override
    public int getSessionMode() {
        checkClosed();
        return sessionMode;
    }

    @Override
    public void commit() {
        run(() -> {
            session().commit();
            return null;
        });
    }

    @Override
    public void rollback() {
        run(() -> {
            session().rollback();
            return null;
        });
    }

    @Override
    public void recover() {
        run(() -> {
            session().recover();
            return null;
        });
    }

    private JMSConsumer consumer(JmsCall<MessageConsumer> create) {
        JMSConsumer c = new TributaryJMSConsumer((TributaryMessageConsumer) run(create));
        autoStart();
        return c;
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(() -> session().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String selector) {
        return consumer(() -> session().createConsumer(destination, selector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String selector, boolean noLocal) {
        return consumer(() -> session().createConsumer(destination, selector, noLocal));
    }

    @Override
    public Queue createQueue(String name) {
        return run(() -> session().createQueue(name));
    }

    @Override
    public Topic createTopic(String name) {
        return run(() -> session().createTopic(name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal) {
        return consumer(() -> session().createDurableConsumer(topic, name, selector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String selector) {
        return consumer(() -> session().createSharedDurableConsumer(topic, name, selector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String name) {
        return consumer(() -> session().createSharedConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String name, String selector) {
        return consumer(() -> session().createSharedConsumer(topic, name, selector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        QueueBrowser b = run(() -> session().createBrowser(queue));
        autoStart();
        return b;
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) {
        QueueBrowser b = run(() -> session().createBrowser(queue, selector));
        autoStart();
        return b;
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return run(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return run(() -> session().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        run(() -> {
            session().unsubscribe(name);
            return null;
        });
    }

    @Override
    public void acknowledge() {
        TributarySession s = session();
        if (sessionMode == Session.CLIENT_ACKNOWLEDGE) {
            run(() -> {
                s.acknowledgeFromMessage();
                return null;
            });
        }
    }
}
