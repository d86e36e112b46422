package io.tributary.jms;

import io.tributary.jms.provider.JmsInboundMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A queue browser. Each enumeration opens its own browsing consumer and pulls batches (of the
 * connection's browser prefetch) with drain, so it ends when the queue holds nothing more; messages are pre-settled
 * copies.
 *
 * <p>Used by one application thread at a time.
 */
final class TributaryQueueBrowser implements QueueBrowser {

    private final TributarySession session;
    private final TributaryDestination queue;
    private final String selector;
    private final List<TributaryMessageConsumer> open = new ArrayList<>();
    private boolean closed;

    TributaryQueueBrowser(TributarySession session, TributaryDestination queue, String selector) {
        this.session = session;
        this.queue = queue;
        this.selector = selector;
    }

    /** Opens and closes one cursor so that a bad selector or destination fails at creation. */
    void validate() throws JMSException {
        cursor().close();
    }

    private TributaryMessageConsumer cursor() throws JMSException {
        TributaryMessageConsumer c = session.openConsumer(queue, selector, false, null, false, false, true);
        open.add(c);
        return c;
    }

    private void checkClosed() throws JMSException {
        if (closed) {
            throw JmsExceptions.closed("queue browser");
        }
        session.checkClosed();
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkClosed();
        return (Queue) queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkClosed();
        return selector;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkClosed();
        TributaryMessageConsumer c = cursor();
        return new Enumeration<>() {
            private JmsInboundMessage next;
            private boolean done;

            @Override
            public boolean hasMoreElements() {
                if (next != null) {
                    return true;
                }
                if (done || closed || c.isClosed()) {
                    return false;
                }
                next = c.poll();
                if (next == null) {
                    try {
                        c.drainAndRefill(session.connection.prefetch().browser());
                    } catch (JMSException e) {
                        done = true;
                        return false;
                    }
                    next = c.poll();
                }
                if (next == null) {
                    done = true;
                    closeQuietly(c);
                }
                return next != null;
            }

            @Override
            public Message nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException("the browser has no more messages");
                }
                JmsInboundMessage m = next;
                next = null;
                try {
                    return session.deliverToReceiver(c, m);
                } catch (JMSException e) {
                    throw new NoSuchElementException("browsing failed: " + e.getMessage());
                }
            }
        };
    }

    private void closeQuietly(TributaryMessageConsumer c) {
        try {
            c.close();
        } catch (JMSException ignored) {
            // closing a browsing cursor releases nothing that matters
        }
        open.remove(c);
    }

    @Override
    public void close() throws JMSException {
        closed = true;
        for (TributaryMessageConsumer c : new ArrayList<>(open)) {
            closeQuietly(c);
        }
    }
}
