package io.tributary.amqp;

import io.tributary.core.ClientText;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * What the connection's event dispatch needs from one link (producer, consumer or transaction coordinator).
 * Implementations are confined to the connection's event loop.
 */
interface LinkEndpoint {

    /** The peer changed credit or drain (sender links) or its view of the link. */
    default void onFlow() {
    }

    /** The socket can take more output again. */
    default void onWritable() {
    }

    /** A transfer arrived (receiving links) or the peer updated a delivery's state (sending links). */
    void onDelivery(Delivery delivery);

    /**
     * The peer detached ({@code closed == false}) or closed the link; release what the link holds and answer with
     * the matching detach.
     */
    void onRemoteClose(boolean closed);

    /** The engine refused something this link asked for: release the link and close it with {@code condition}. */
    void fail(ErrorCondition condition);

    /** The session or connection went away: release what the link holds without answering the peer. */
    void release();

    /** Closes {@code link} from this side with {@code condition} (after the endpoint released what it holds). */
    static void closeWithError(Link link, ErrorCondition condition) {
        link.setCondition(condition);
        link.close();
    }

    /** The error for a receiving link whose peer sent more transfers than its credit allowed. */
    static ErrorCondition overCredit(Receiver receiver) {
        return new ErrorCondition(LinkError.TRANSFER_LIMIT_EXCEEDED, "link '" + ClientText.safe(receiver.getName())
                + "' sent transfers beyond its link credit (" + receiver.getQueued() + " arrived, the credit allowed "
                + receiver.getCredit() + "); the broker withholds credit while the target is over its memory budget, "
                + "so send only while the link has credit");
    }

    /**
     * Answers the peer's detach or close in kind, with {@code error} when what closing had to do failed, and frees
     * the link.
     */
    static void answerRemoteClose(Link link, boolean closedByPeer, ErrorCondition error) {
        if (error != null) {
            link.setCondition(error);
        }
        if (closedByPeer) {
            link.close();
        } else {
            link.detach();
        }
        link.free();
    }
}
