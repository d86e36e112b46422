package io.tributary.jms.message;

import io.tributary.core.message.JmsMapping;
import java.util.List;
import java.util.Map;

/**
 * Infers the JMS message type of a message that carries no {@code x-opt-jms-msg-type} annotation (sent
 * by a plain AMQP client), from its body section and content type, as the AMQP JMS Mapping describes.
 */
final class BodyTypes {

    private BodyTypes() {
    }

    static byte infer(MessageFacade f) {
        switch (f.bodyKind()) {
            case NONE:
                return JmsMapping.MESSAGE_TYPE;
            case SEQUENCE:
                return JmsMapping.STREAM_MESSAGE_TYPE;
            case DATA:
                if (JmsMapping.SERIALIZED_JAVA_OBJECT.equals(f.contentType())) {
                    return JmsMapping.OBJECT_MESSAGE_TYPE;
                }
                String ct = f.contentType();
                return ct != null && ct.startsWith("text/") ? JmsMapping.TEXT_MESSAGE_TYPE
                        : JmsMapping.BYTES_MESSAGE_TYPE;
            default:
                Object v = f.body();
                if (v == null || v instanceof String) {
                    return JmsMapping.TEXT_MESSAGE_TYPE;
                }
                if (v instanceof byte[]) {
                    return JmsMapping.BYTES_MESSAGE_TYPE;
                }
                if (v instanceof Map) {
                    return JmsMapping.MAP_MESSAGE_TYPE;
                }
                if (v instanceof List) {
                    return JmsMapping.STREAM_MESSAGE_TYPE;
                }
                return JmsMapping.OBJECT_MESSAGE_TYPE;
        }
    }
}
