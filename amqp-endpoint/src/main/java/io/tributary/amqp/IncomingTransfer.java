package io.tributary.amqp;

import java.util.Arrays;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/**
 * Assembles one incoming transfer, which may span many frames, up to a size limit. Kept as the Proton delivery's
 * context until the last frame arrives.
 *
 * <p>Not thread-safe; confined to the connection's event loop.
 */
final class IncomingTransfer {

    private byte[] bytes;
    private int size;
    private long total;
    private boolean tooLarge;

    /**
     * Reads what arrived for {@code delivery}. Answers the complete transfer after its last frame (and advances the
     * receiver), or null while more frames are to come or when the delivery carries no new data.
     */
    static IncomingTransfer read(Receiver receiver, Delivery delivery, long maxSize) {
        if (delivery.getContext() instanceof Completed || !delivery.isReadable() && delivery.isPartial()) {
            return null;
        }
        IncomingTransfer t = delivery.getContext() instanceof IncomingTransfer it ? it : new IncomingTransfer();
        int available = delivery.available();
        if (available > 0) {
            t.append(receiver, available, maxSize);
        }
        if (delivery.isPartial()) {
            delivery.setContext(t);
            return null;
        }
        delivery.setContext(Completed.INSTANCE);
        receiver.advance();
        return t;
    }

    /**
     * Drops what arrived for {@code delivery} without keeping it (its link is closed, refused or over its credit),
     * and settles it once its last frame is in, so that Proton holds none of its bytes.
     */
    static void discard(Receiver receiver, Delivery delivery) {
        if (delivery.getContext() instanceof Completed) {
            return;
        }
        delivery.setContext(null);
        if (receiver.current() == delivery && delivery.available() > 0) {
            receiver.recv();
        }
        if (!delivery.isPartial()) {
            delivery.setContext(Completed.INSTANCE);
            delivery.settle();
        }
    }

    /**
     * True when the peer has sent more transfers than the credit {@code receiver} granted: Proton-J counts such a
     * transfer (its credit goes below what arrived) but does not refuse it. Credit granted locally and not yet sent
     * counts, so a sender that crosses a grant in flight is never blamed.
     */
    static boolean beyondCredit(Receiver receiver) {
        return receiver.getRemoteCredit() < 0;
    }

    /** The message bytes; null when the transfer was larger than allowed. */
    byte[] bytes() {
        if (tooLarge) {
            return null;
        }
        return bytes == null ? new byte[0] : bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }

    /** The total size that arrived, even when too large to keep. */
    long total() {
        return total;
    }

    private void append(Receiver receiver, int available, long maxSize) {
        total += available;
        if (tooLarge || total > maxSize) {
            tooLarge = true;
            bytes = null;
            byte[] discard = new byte[Math.min(available, 64 * 1024)];
            int left = available;
            while (left > 0) {
                int n = receiver.recv(discard, 0, Math.min(left, discard.length));
                if (n <= 0) {
                    break;
                }
                left -= n;
            }
            return;
        }
        ReadableBuffer data = receiver.recv(); // Proton-J hands its buffer over and keeps no reference to it
        int n = data.remaining();
        if (bytes == null && data.hasArray() && data.arrayOffset() == 0 && data.array().length == n) {
            bytes = data.array(); // one frame's payload, in an array of its own: taken without a copy
            size = n;
            return;
        }
        if (bytes == null) {
            bytes = new byte[n];
        } else if (bytes.length - size < n) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Math.min(maxSize, Integer.MAX_VALUE - 8),
                    Math.max(size + (long) n, bytes.length * 2L)));
        }
        data.get(bytes, size, n);
        size += n;
    }

    /** Marks a delivery whose transfer is complete and handed on. */
    enum Completed {
        INSTANCE
    }
}
