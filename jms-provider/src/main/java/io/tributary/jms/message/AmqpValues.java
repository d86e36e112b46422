package io.tributary.jms.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/** Conversions between AMQP typed values and the Java types JMS bodies and properties use. */
final class AmqpValues {

    private AmqpValues() {
    }

    /** AMQP value to JMS: binaries become byte[], maps and lists are converted deeply. */
    static Object toJms(Object v) {
        if (v instanceof Binary b) {
            return Arrays.copyOfRange(b.getArray(), b.getArrayOffset(), b.getArrayOffset() + b.getLength());
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, val) -> out.put(String.valueOf(k), toJms(val)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(toJms(e)));
            return out;
        }
        return unsignedToSigned(v);
    }

    /** JMS value to AMQP: byte[] becomes a binary, maps and lists are converted deeply. */
    static Object toAmqp(Object v) {
        if (v instanceof byte[] bytes) {
            return new Binary(bytes.clone());
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, val) -> out.put(k, toAmqp(val)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(toAmqp(e)));
            return out;
        }
        return v;
    }

    /** An application property value in a JMS property type (other clients may send AMQP-only types). */
    static Object toJmsProperty(Object v) {
        Object s = unsignedToSigned(v);
        if (s instanceof Symbol || s instanceof UUID || s instanceof Character) {
            return s.toString();
        }
        if (s instanceof Date d) {
            return d.getTime();
        }
        return s;
    }

    private static Object unsignedToSigned(Object v) {
        if (v instanceof UnsignedByte u) {
            return u.shortValue();
        }
        if (v instanceof UnsignedShort u) {
            return u.intValue();
        }
        if (v instanceof UnsignedInteger u) {
            return u.longValue();
        }
        if (v instanceof UnsignedLong u) {
            return u.longValue();
        }
        if (v instanceof Symbol s) {
            return s.toString();
        }
        return v;
    }
}
