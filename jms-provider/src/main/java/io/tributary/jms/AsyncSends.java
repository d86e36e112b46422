package io.tributary.jms;

import jakarta.jms.CompletionListener;
import jakarta.jms.Message;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's asynchronous sends (Jakarta Messaging 3.1 "Asynchronous send"): each CompletionListener runs on the
 * session's {@link SessionDispatcher}, in completion order, and commit, rollback and close wait for the sends
 * still in flight.
 *
 * <p>Thread-safe: the pending set is concurrent; the flag is written only on the dispatcher thread.
 */
final class AsyncSends {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncSends.class);

    private final long sessionId;
    private final SessionDispatcher dispatcher;
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean inCompletionListener;

    AsyncSends(long sessionId, SessionDispatcher dispatcher) {
        this.sessionId = sessionId;
        this.dispatcher = dispatcher;
    }

    /** True when the calling thread runs one of the session's CompletionListeners. */
    boolean onCompletionListenerThread() {
        return dispatcher.isCurrentThread() && inCompletionListener;
    }

    /** Calls {@code listener} on the session thread once {@code sent} completes. */
    void track(CompletableFuture<Void> sent, Message message, CompletionListener listener) {
        pending.add(sent);
        sent.whenComplete((v, error) -> dispatcher.execute(() -> {
            inCompletionListener = true;
            try {
                if (error == null) {
                    listener.onCompletion(message);
                } else {
                    listener.onException(message, JmsExceptions.fromFuture(error));
                }
            } catch (RuntimeException e) {
                LOG.debug("session {}: CompletionListener threw", sessionId, e);
            } finally {
                inCompletionListener = false;
                pending.remove(sent);
            }
        }));
    }

    /**
     * Waits for incomplete sends (their callbacks too, unless called on the session thread), for at most the close
     * timeout in all.
     *
     * @throws JMSException when a send is not confirmed or a callback does not return within the close timeout
     */
    void await() throws JMSException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(dispatcher.closeTimeoutMillis());
        List<CompletableFuture<Void>> inFlight = new ArrayList<>(pending);
        for (CompletableFuture<Void> f : inFlight) {
            dispatcher.awaitUntil(f, deadline, "session " + sessionId + ": an asynchronous send (" + inFlight.size()
                    + " in flight)");
        }
        if (!dispatcher.isCurrentThread()) {
            dispatcher.awaitIdle(deadline);
        }
    }
}
