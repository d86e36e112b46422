package io.tributary.core.store;

import java.util.List;

/**
 * What a trace lookup looks for in the keys of the traces' first events. Immutable.
 *
 * @param field  which key
 * @param values for {@link Field#MESSAGE_ID} and {@link Field#CORRELATION_ID}: the spellings that match (any of
 *               them); for {@link Field#PROPERTY}: one element, the pattern {@code "NAME":"VALUE"} as it stands in
 *               the properties' JSON text
 */
public record TraceQuery(Field field, List<String> values) {

    /** The key searched. */
    public enum Field {
        MESSAGE_ID, CORRELATION_ID, PROPERTY
    }

    public TraceQuery {
        values = List.copyOf(values);
    }

    /** True when {@code e} (a first event) matches. */
    public boolean matches(TraceEventRecord e) {
        return switch (field) {
            case MESSAGE_ID -> e.messageId() != null && values.contains(e.messageId());
            case CORRELATION_ID -> e.correlationId() != null && values.contains(e.correlationId());
            case PROPERTY -> e.properties() != null && e.properties().contains(values.get(0));
        };
    }
}
