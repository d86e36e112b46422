package io.tributary.core.message;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Checks AMQP 1.0 encoded values without building them: every constructor is known, every size fits in its
 * container, every count fits in its size, and no value is nested deeper than a limit. Proton-J's decoder recurses
 * once per level of nesting (and trusts counts), so a few thousand levels of list-in-list overflow the thread's
 * stack; anything this walker accepts is safe to hand to that decoder.
 *
 * <p>The walk is iterative (an explicit stack of at most {@code maxDepth} entries) and linear in the bytes walked.
 * A described value ({@code 0x00}, descriptor, value) counts as one level, like a list, map or array.
 *
 * <p>Stateless and thread-safe; each walk keeps its state on its own.
 */
public final class EncodingWalker {

    /** How deep values may nest (lists, maps, arrays and described values) in frames and messages. */
    public static final int MAX_DEPTH = 100;

    /**
     * Each thread's walk, kept between calls: the broker walks every frame and every message section it is sent, and
     * a new walk's stack cost more than the walk itself.
     */
    private static final ThreadLocal<Walk> WALKS = ThreadLocal.withInitial(Walk::new);

    private EncodingWalker() {
    }

    /**
     * Walks the one value at the buffer's position and moves past it.
     *
     * @throws MalformedMessageException naming the byte offset (from the buffer's start) and what is wrong
     */
    public static void skipValue(ByteBuffer buf, int maxDepth) {
        Walk walk = WALKS.get().start(buf, maxDepth);
        try {
            walk.run();
        } finally {
            walk.end();
        }
    }

    /** Walks values from the buffer's position to its limit (the sections of a message). */
    public static void skipAll(ByteBuffer buf, int maxDepth) {
        Walk walk = WALKS.get().start(buf, maxDepth); // one stack for every value: each walk ends with it empty
        try {
            while (buf.hasRemaining()) {
                walk.run();
            }
        } finally {
            walk.end();
        }
    }

    /**
     * One walk's state: a stack of open containers, made at the first container (a scalar value needs none) and
     * kept for the thread's next walk, four ints a level (start, end, limit, element code) beside the values left.
     * Not thread-safe.
     */
    private static final class Walk {
        private static final int OWN_CONSTRUCTOR = -1;
        private static final int UNBOUNDED = -1;
        private static final int START = 0;
        private static final int END = 1;
        private static final int LIMIT = 2;
        private static final int CODE = 3;
        private static final int INTS = 4;
        private static final int[] NO_LEVELS = {};
        private static final long[] NOTHING_LEFT = {};

        private ByteBuffer buf;
        private int maxDepth;
        private int[] levels = NO_LEVELS;
        private long[] left = NOTHING_LEFT;
        private int depth;

        /** This thread's walk for {@code buf}; a fresh one if the thread's walk is still in use. */
        Walk start(ByteBuffer buffer, int depthLimit) {
            Walk walk = buf == null ? this : new Walk();
            walk.buf = buffer;
            walk.maxDepth = depthLimit;
            walk.depth = 0;
            return walk;
        }

        /** Lets go of the buffer (the stack stays for the next walk). */
        void end() {
            buf = null;
            depth = 0;
        }

        void run() {
            value(OWN_CONSTRUCTOR);
            while (depth > 0) {
                int top = depth - 1;
                if (left[top] == 0) {
                    finish(top);
                    depth--;
                } else {
                    left[top]--;
                    value(levels[top * INTS + CODE]);
                }
            }
        }

        /** Reads one value: its constructor (unless an array gave it) and its body. */
        private void value(int code) {
            if (code != OWN_CONSTRUCTOR) {
                body(code, buf.position());
                return;
            }
            int at = buf.position();
            need(1, at);
            int c = buf.get() & 0xFF;
            if (c == 0x00) {
                push(at, UNBOUNDED, 2, OWN_CONSTRUCTOR, "described value");
            } else {
                body(c, at);
            }
        }

        private void body(int code, int at) {
            switch (code) {
                case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45 -> {
                    // null, true, false, uint0, ulong0, list0: no bytes
                }
                case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56 -> skip(1, at);
                case 0x60, 0x61 -> skip(2, at);
                case 0x70, 0x71, 0x72, 0x73, 0x74 -> skip(4, at);
                case 0x80, 0x81, 0x82, 0x83, 0x84 -> skip(8, at);
                case 0x94, 0x98 -> skip(16, at);
                case 0xa0, 0xa1, 0xa3 -> skip(size(1, at), at);
                case 0xb0, 0xb1, 0xb3 -> skip(size(4, at), at);
                case 0xc0, 0xc1 -> compound(code, 1, at);
                case 0xd0, 0xd1 -> compound(code, 4, at);
                case 0xe0 -> array(1, at);
                case 0xf0 -> array(4, at);
                default -> throw malformed(at, "unknown type code 0x" + Integer.toHexString(code));
            }
        }

        /** A list or map: size, count, then count values each with its own constructor. */
        private void compound(int code, int width, int at) {
            String kind = (code & 0x0F) == 0 ? "list" : "map";
            long size = size(width, at);
            need(size, at);
            int end = buf.position() + (int) size;
            long count = count(width, size, at, kind);
            if (kind.equals("map") && count % 2 != 0) {
                throw malformed(at, "map holds an odd number (" + count + ") of keys and values");
            }
            push(at, end, count, OWN_CONSTRUCTOR, kind);
        }

        /** An array: size, count, one element constructor, then count bodies without constructors. */
        private void array(int width, int at) {
            long size = size(width, at);
            need(size, at);
            int end = buf.position() + (int) size;
            long count = count(width, size, at, "array");
            need(1, at);
            int element = buf.get() & 0xFF;
            if (element == 0x00) {
                // a described element type: its descriptor must be a primitive (a symbol or a ulong in practice)
                int descriptorAt = buf.position();
                need(1, descriptorAt);
                int descriptor = buf.get() & 0xFF;
                if (descriptor == 0x00 || isCompound(descriptor)) {
                    throw malformed(descriptorAt, "array element descriptor is not a symbol or ulong");
                }
                body(descriptor, descriptorAt);
                need(1, at);
                element = buf.get() & 0xFF;
                if (element == 0x00) {
                    throw malformed(at, "array element type is described twice");
                }
            }
            if (buf.position() > end) {
                throw malformed(at, "array element type runs past the array's " + size + " bytes");
            }
            push(at, end, count, element, "array");
        }

        private static boolean isCompound(int code) {
            return code == 0xc0 || code == 0xc1 || code == 0xd0 || code == 0xd1 || code == 0xe0 || code == 0xf0;
        }

        private void push(int at, int end, long count, int elementCode, String kind) {
            if (depth >= maxDepth) {
                throw malformed(at, kind + " nests deeper than " + maxDepth + " levels; at most " + maxDepth
                        + " levels of lists, maps, arrays and described values are accepted");
            }
            if (depth == left.length) {
                grow();
            }
            int i = depth * INTS;
            levels[i + START] = at;
            levels[i + END] = end;
            levels[i + LIMIT] = end == UNBOUNDED ? limit() : end;
            levels[i + CODE] = elementCode;
            left[depth] = count;
            depth++;
        }

        /** Most values nest two or three deep: the stack starts with room for four levels and doubles. */
        private void grow() {
            int n = Math.min(maxDepth, Math.max(4, left.length * 2));
            levels = Arrays.copyOf(levels, n * INTS);
            left = Arrays.copyOf(left, n);
        }

        /** Checks that a finished container's values filled exactly the size it declared. */
        private void finish(int top) {
            int end = levels[top * INTS + END];
            if (end != UNBOUNDED && buf.position() != end) {
                throw malformed(levels[top * INTS + START], "its values end at byte " + buf.position()
                        + ", before the end its size declares (byte " + end + ")");
            }
        }

        private long count(int width, long size, int at, String kind) {
            if (size < width) {
                throw malformed(at, kind + " of " + size + " bytes is too short for its " + width + "-byte count");
            }
            long count = width == 1 ? buf.get() & 0xFF : buf.getInt() & 0xFFFFFFFFL;
            long room = size - width;
            if (count > room) {
                throw malformed(at, kind + " declares " + count + " values in " + room + " bytes");
            }
            return count;
        }

        private long size(int width, int at) {
            need(width, at);
            return width == 1 ? buf.get() & 0xFF : buf.getInt() & 0xFFFFFFFFL;
        }

        private void skip(long n, int at) {
            need(n, at);
            buf.position(buf.position() + (int) n);
        }

        private void need(long n, int at) {
            long room = (long) limit() - buf.position();
            if (n > room) {
                throw malformed(at, "value runs past the end of " + enclosing() + " (" + n + " more bytes needed, "
                        + Math.max(0, room) + " left)");
            }
        }

        private int limit() {
            return depth == 0 ? buf.limit() : levels[(depth - 1) * INTS + LIMIT];
        }

        private String enclosing() {
            for (int i = depth - 1; i >= 0; i--) {
                if (levels[i * INTS + END] != UNBOUNDED) {
                    return "its container at byte " + levels[i * INTS + START];
                }
            }
            return "the input: truncated";
        }

        private static MalformedMessageException malformed(int at, String what) {
            return new MalformedMessageException("malformed AMQP encoding at byte " + at
                    + ": " + what);
        }
    }
}
