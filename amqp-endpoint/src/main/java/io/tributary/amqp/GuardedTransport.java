package io.tributary.amqp;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.engine.impl.TransportImpl;

/**
 * Proton-J's transport, seeing the link performatives just before Proton-J handles them, for two things Proton-J
 * leaves undone:
 * <ul>
 *   <li>Proton-J writes no attach for a link whose peer has already detached it, so a detach (or end) that arrives
 *       in the same read as its attach would leave both unanswered and the peer waiting. Before Proton-J handles a
 *       detach or an end, the events so far are dispatched and the output processed ({@code beforeDetach}), so the
 *       attach is answered first and the detach after it.</li>
 *   <li>An attach that reuses a handle still in use reaches the event dispatch as a link-open event without a link
 *       or session. The channel, handle and name of every attach that Proton-J turns into a link-open event are
 *       queued in the order of those events, so the dispatch knows which session such an attach came on.</li>
 * </ul>
 *
 * <p>Not thread-safe; confined to the connection's event loop, like the transport it extends.
 *
 * <p>Design note: {@code beforeDetach} runs while Proton-J is in the middle of {@link #process()}; dispatching events
 * and processing output there is safe because Proton-J has finished with every frame before this one and the
 * output side does not touch the input buffer.
 */
final class GuardedTransport extends TransportImpl {

    /** The highest handle Proton-J accepts; an attach above it closes the connection instead of opening a link. */
    private static final long HANDLE_MAX = 65535;

    /** An attach Proton-J turns into a link-open event. */
    record AttachSeen(int channel, long handle, String name) {
    }

    private final Runnable beforeDetach;
    private final Set<Integer> channels = new HashSet<>();
    private final ArrayDeque<AttachSeen> attaches = new ArrayDeque<>();

    GuardedTransport(Runnable beforeDetach) {
        this.beforeDetach = beforeDetach;
    }

    @Override
    public void handleBegin(Begin begin, Binary payload, Integer channel) {
        super.handleBegin(begin, payload, channel);
        channels.add(channel);
    }

    @Override
    public void handleAttach(Attach attach, Binary payload, Integer channel) {
        if (channels.contains(channel) && attach.getHandle() != null && attach.getHandle().longValue() <= HANDLE_MAX) {
            attaches.add(new AttachSeen(channel, attach.getHandle().longValue(), attach.getName()));
        }
        super.handleAttach(attach, payload, channel);
    }

    @Override
    public void handleDetach(Detach detach, Binary payload, Integer channel) {
        beforeDetach.run();
        super.handleDetach(detach, payload, channel);
    }

    @Override
    public void handleEnd(End end, Binary payload, Integer channel) {
        beforeDetach.run();
        super.handleEnd(end, payload, channel);
        channels.remove(channel);
    }

    /** The attach whose link-open event is being dispatched, or null when none is known. */
    AttachSeen nextAttach() {
        return attaches.poll();
    }
}
