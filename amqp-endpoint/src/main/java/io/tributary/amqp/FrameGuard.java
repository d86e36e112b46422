package io.tributary.amqp;

import io.tributary.core.message.EncodingWalker;
import io.tributary.core.message.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SessionError;

/**
 * Checks each frame body a client sends before Proton-J reads it: the performative is well-formed and nested at most
 * {@link EncodingWalker#MAX_DEPTH} levels (Proton-J's decoder recurses per level and trusts counts), it is one this
 * kind of frame may carry, its channel is within the channel-max this broker announced, and the handles and
 * deliveries it names are ones Proton-J can act on. Proton-J fails on those with exceptions in the middle of its
 * frame handling (a flow or transfer on a handle never attached, a begin answering a session never begun, a
 * transfer on a receiving link) or, for a disposition reaching delivery-id 2^32-1, loops without end.
 *
 * <p>To know which handles are attached it mirrors, per channel, the sessions and links the client began and attached,
 * exactly as Proton-J records them (frames on channels without a session are ignored, as Proton-J ignores them).
 *
 * <p>Not thread-safe; one per connection, confined to its event loop.
 */
final class FrameGuard {

    static final int AMQP_FRAME = 0;
    static final int SASL_FRAME = 1;
    /** The most delivery-ids one disposition may cover (Proton-J visits each). */
    static final long MAX_DISPOSITION_RANGE = 1 << 20;

    private static final long UINT_MAX = 0xFFFFFFFFL;
    private static final long ABSENT = -1;
    private static final long NOT_A_UINT = -2;
    private static final String[] AMQP_NAMES = {"open", "begin", "attach", "flow", "transfer", "disposition",
        "detach", "end", "close"};
    private static final String[] SASL_NAMES = {"sasl-mechanisms", "sasl-init", "sasl-challenge", "sasl-response",
        "sasl-outcome"};

    private final int channelMax;
    /** Channel to its session's attached handles, each mapped to true when the client sends on that link. */
    private final Map<Integer, Map<Long, Boolean>> sessions = new HashMap<>();
    private boolean closed;

    FrameGuard(int channelMax) {
        this.channelMax = channelMax;
    }

    /** Checks one frame body (position to limit); answers null when Proton-J may read it, else the error. */
    ErrorCondition check(int type, int channel, ByteBuffer body) {
        if (!body.hasRemaining()) {
            return null; // an empty frame keeps the connection alive
        }
        if (type == AMQP_FRAME && channel > channelMax) {
            return new ErrorCondition(ConnectionError.FRAMING_ERROR, "frame on channel " + channel
                    + ", above the channel-max " + channelMax + " this broker announced; use channels 0 to "
                    + channelMax);
        }
        try {
            EncodingWalker.skipValue(body.duplicate(), EncodingWalker.MAX_DEPTH);
        } catch (MalformedMessageException e) {
            return AmqpErrors.decodeError("frame on channel " + channel + " cannot be decoded: " + e.getMessage());
        }
        if (closed) {
            return new ErrorCondition(ConnectionError.FRAMING_ERROR, "frame on channel " + channel
                    + " after the client's close; nothing may follow a close");
        }
        Performative p = Performative.read(body);
        if (p == null || p.code < first(type) || p.code >= first(type) + names(type).length) {
            return AmqpErrors.decodeError("frame on channel " + channel + " does not hold " + (type == AMQP_FRAME
                    ? "an AMQP performative (open, begin, attach, flow, transfer, disposition, detach, end, close)"
                    : "a SASL frame body"));
        }
        closed = type == AMQP_FRAME && p.code == 0x18;
        return type == AMQP_FRAME ? session(p, channel) : null;
    }

    private ErrorCondition session(Performative p, int channel) {
        String name = AMQP_NAMES[(int) p.code - 0x10] + " on channel " + channel;
        Map<Long, Boolean> handles = sessions.get(channel);
        switch ((int) p.code) {
            case 0x11 -> {
                return begin(p, name, channel, handles);
            }
            case 0x17 -> sessions.remove(channel);
            case 0x12 -> {
                return handles == null ? null : attach(p, name, handles);
            }
            case 0x16 -> {
                long handle = p.uint(0);
                if (handles != null && handle >= 0) {
                    handles.remove(handle);
                }
            }
            case 0x13 -> {
                return handles == null ? null : linkFrame(p.uint(4), name, handles, false);
            }
            case 0x14 -> {
                return handles == null ? null : linkFrame(p.uint(0), name, handles, true);
            }
            case 0x15 -> {
                return handles == null ? null : disposition(p, name);
            }
            default -> {
                // open and close carry nothing to check here
            }
        }
        return null;
    }

    private ErrorCondition begin(Performative p, String name, int channel, Map<Long, Boolean> handles) {
        long remoteChannel = p.uint(0, 0xFFFF);
        if (remoteChannel != ABSENT) {
            return new ErrorCondition(AmqpError.INVALID_FIELD, name + " answers a session (remote-channel "
                    + describe(remoteChannel) + ") this broker never began; begin a session with remote-channel unset");
        }
        if (handles != null) {
            return new ErrorCondition(AmqpError.NOT_ALLOWED, name + ": that channel already has a session; end it "
                    + "first or use another channel");
        }
        sessions.put(channel, new HashMap<>());
        return null;
    }

    private static ErrorCondition attach(Performative p, String name, Map<Long, Boolean> handles) {
        long handle = p.uint(1);
        Boolean receiver = p.bool(2);
        if (handle < 0 || receiver == null) {
            return AmqpErrors.decodeError(name + " lacks its handle or role (or they are not a uint and a boolean)");
        }
        // An attach on a handle in use passes: it is a session error, and EventDispatch ends just that session with
        // handle-in-use (GuardedTransport tells it which attach it was); the link already on the handle keeps its role.
        handles.putIfAbsent(handle, !receiver);
        return null;
    }

    private static ErrorCondition linkFrame(long handle, String name, Map<Long, Boolean> handles, boolean transfer) {
        if (handle == ABSENT && !transfer) {
            return null; // a session-level flow
        }
        if (handle < 0) {
            return AmqpErrors.decodeError(name + " has no handle (or it is not a uint)");
        }
        Boolean clientSends = handles.get(handle);
        if (clientSends == null) {
            return new ErrorCondition(SessionError.UNATTACHED_HANDLE, name + " names handle " + handle
                    + ", which no link of that session is attached to; attach a link first");
        }
        if (transfer && !clientSends) {
            return new ErrorCondition(AmqpError.NOT_ALLOWED, name + " on handle " + handle
                    + ", a link the client attached as a receiver; only the sending end of a link transfers");
        }
        return null;
    }

    private static ErrorCondition disposition(Performative p, String name) {
        long first = p.uint(1);
        long last = p.uint(2);
        if (first < 0 || last == NOT_A_UINT) {
            return AmqpErrors.decodeError(name + " lacks its first delivery-id (or first or last is not a uint)");
        }
        long end = last == ABSENT ? first : last;
        if (end == UINT_MAX || end >= first && end - first >= MAX_DISPOSITION_RANGE) {
            return new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, name + " covers delivery-ids " + first
                    + " to " + end + "; one disposition may cover at most " + MAX_DISPOSITION_RANGE
                    + " delivery-ids, below " + UINT_MAX);
        }
        return null;
    }

    private static String describe(long value) {
        return value == NOT_A_UINT ? "of the wrong type" : Long.toString(value);
    }

    private static int first(int type) {
        return type == AMQP_FRAME ? 0x10 : 0x40;
    }

    private static String[] names(int type) {
        return type == AMQP_FRAME ? AMQP_NAMES : SASL_NAMES;
    }

    /**
     * The descriptor code and the positions of the first fields of a performative (a described list), read from an
     * encoding {@link EncodingWalker} has already checked. Not thread-safe; one per frame.
     */
    private static final class Performative {
        private static final int FIELDS = 6;
        private static final Map<String, Long> SYMBOLS = symbols();

        private final ByteBuffer buf;
        private final long code;
        private final int[] fields = new int[FIELDS];
        private int count;

        private Performative(ByteBuffer buf, long code) {
            this.buf = buf;
            this.code = code;
        }

        /** The performative at the body's position, or null when the body is not a described list. */
        static Performative read(ByteBuffer body) {
            ByteBuffer b = body.duplicate();
            if (b.get() != 0x00) {
                return null;
            }
            Long code = descriptor(b);
            if (code == null) {
                return null;
            }
            Performative p = new Performative(b, code);
            int listCode = b.get() & 0xFF;
            long elements;
            switch (listCode) {
                case 0x45 -> elements = 0;
                case 0xc0 -> {
                    b.get();
                    elements = b.get() & 0xFF;
                }
                case 0xd0 -> {
                    b.getInt();
                    elements = b.getInt() & UINT_MAX;
                }
                default -> {
                    return null;
                }
            }
            for (int i = 0; i < elements && i < FIELDS; i++) {
                p.fields[i] = b.position();
                p.count++;
                EncodingWalker.skipValue(b, EncodingWalker.MAX_DEPTH);
            }
            return p;
        }

        private static Long descriptor(ByteBuffer b) {
            int format = b.get() & 0xFF;
            switch (format) {
                case 0x44:
                    return 0L;
                case 0x53:
                    return (long) (b.get() & 0xFF);
                case 0x80:
                    return b.getLong();
                case 0xa3, 0xb3:
                    int size = format == 0xa3 ? b.get() & 0xFF : b.getInt();
                    byte[] name = new byte[size];
                    b.get(name);
                    return SYMBOLS.get(new String(name, StandardCharsets.US_ASCII));
                default:
                    return null;
            }
        }

        /** Field {@code index} as a uint: its value, ABSENT when null or missing, NOT_A_UINT otherwise. */
        long uint(int index) {
            return uint(index, UINT_MAX);
        }

        /** Field {@code index} as an unsigned number of at most {@code max}: a uint, or a ushort for a channel. */
        long uint(int index, long max) {
            if (index >= count) {
                return ABSENT;
            }
            int at = fields[index];
            return switch (buf.get(at) & 0xFF) {
                case 0x40 -> ABSENT;
                case 0x43 -> 0;
                case 0x52 -> buf.get(at + 1) & 0xFF;
                case 0x60 -> max == 0xFFFF ? buf.getShort(at + 1) & 0xFFFF : NOT_A_UINT;
                case 0x70 -> max == 0xFFFF ? NOT_A_UINT : buf.getInt(at + 1) & UINT_MAX;
                default -> NOT_A_UINT;
            };
        }

        /** Field {@code index} as a boolean, or null when absent or not a boolean. */
        Boolean bool(int index) {
            if (index >= count) {
                return null;
            }
            int at = fields[index];
            return switch (buf.get(at) & 0xFF) {
                case 0x41 -> Boolean.TRUE;
                case 0x42 -> Boolean.FALSE;
                case 0x56 -> buf.get(at + 1) != 0;
                default -> null;
            };
        }

        private static Map<String, Long> symbols() {
            Map<String, Long> m = new HashMap<>();
            for (int i = 0; i < AMQP_NAMES.length; i++) {
                m.put("amqp:" + AMQP_NAMES[i] + ":list", 0x10L + i);
            }
            for (int i = 0; i < SASL_NAMES.length; i++) {
                m.put("amqp:" + SASL_NAMES[i] + ":list", 0x40L + i);
            }
            return Map.copyOf(m);
        }
    }
}
