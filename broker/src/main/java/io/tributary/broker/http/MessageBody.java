package io.tributary.broker.http;

import io.tributary.core.message.Message;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;

/**
 * A message's body as the management API shows it: text as a string, bytes as base64, and any other AMQP body (a
 * map, a list, a number, a sequence) as the base64 of its AMQP encoding; each cut at {@link #MAX} characters or bytes,
 * with {@code truncated} saying so.
 *
 * <p>Stateless.
 */
final class MessageBody {

    /** The most characters (text) or bytes (anything else) shown of a body. */
    static final int MAX = 64 * 1024;

    private MessageBody() {
    }

    /**
     * {@code {"type": "text", "length": chars, "truncated": false, "text": "..."}}, {@code {"type": "binary",
     * "length": bytes, "truncated": false, "base64": "..."}}, {@code {"type": "amqp-value" | "amqp-sequence", ...}}
     * as binary, or {@code {"type": "none"}}.
     */
    static Map<String, Object> of(Message m) {
        Section body = m.toProton().getBody();
        Map<String, Object> out = new LinkedHashMap<>();
        if (body instanceof AmqpValue v && v.getValue() instanceof String text) {
            out.put("type", "text");
            out.put("length", text.length());
            boolean cut = text.length() > MAX;
            int end = cut && Character.isHighSurrogate(text.charAt(MAX - 1)) ? MAX - 1 : MAX;
            out.put("truncated", cut);
            out.put("text", cut ? text.substring(0, end) : text);
        } else if (body instanceof Data d) {
            binary(out, "binary", bytes(d.getValue()));
        } else if (body instanceof AmqpValue v && v.getValue() instanceof Binary b) {
            binary(out, "binary", bytes(b));
        } else if (body instanceof AmqpValue || body instanceof AmqpSequence) {
            binary(out, body instanceof AmqpValue ? "amqp-value" : "amqp-sequence", encoded(body, m.size()));
        } else {
            out.put("type", "none");
        }
        return out;
    }

    private static void binary(Map<String, Object> out, String type, byte[] bytes) {
        out.put("type", type);
        out.put("length", bytes.length);
        out.put("truncated", bytes.length > MAX);
        out.put("base64", Base64.getEncoder().encodeToString(bytes.length > MAX ? Arrays.copyOf(bytes, MAX) : bytes));
    }

    private static byte[] bytes(Binary b) {
        return b == null ? new byte[0] : Arrays.copyOfRange(b.getArray(), b.getArrayOffset(),
                b.getArrayOffset() + b.getLength());
    }

    /** The AMQP encoding of a body section (no longer than the whole message it came from). */
    private static byte[] encoded(Section body, int messageSize) {
        org.apache.qpid.proton.message.Message only = org.apache.qpid.proton.message.Message.Factory.create();
        only.setBody(body);
        byte[] buffer = new byte[messageSize + 64];
        int n = only.encode(buffer, 0, buffer.length);
        return Arrays.copyOf(buffer, n);
    }
}
