package io.tributary.broker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.core.AddressInfo;
import io.tributary.core.ClientText;
import io.tributary.core.ConnectionDetail;
import io.tributary.core.ConnectionStatus;
import io.tributary.core.ConsumerStatus;
import io.tributary.core.MessageView;
import io.tributary.core.QueueStatus;
import io.tributary.core.config.AddressKeys;
import io.tributary.core.message.JmsMapping;
import io.tributary.core.message.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the management API answers: the engine's snapshots as ordered maps, written by Jackson.
 *
 * <p>Stateless and thread-safe (Jackson's {@link ObjectMapper} is, once configured).
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    /** Client text for an error message: quoted, control characters escaped and cut ({@link ClientText#safe}). */
    static String quote(String value) {
        return "'" + ClientText.safe(value) + "'";
    }

    static Map<String, Object> address(AddressInfo a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", a.name());
        out.put("kind", a.kind().name().toLowerCase(Locale.ROOT));
        out.put("temporary", a.temporary());
        out.put("messages", a.messageCount());
        out.put("consumers", a.consumerCount());
        out.put("configured", a.configured());
        out.put("settings", AddressKeys.write(a.settings()));
        return out;
    }

    static Map<String, Object> queue(QueueStatus q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", q.name());
        out.put("address", q.address());
        out.put("depth", q.depth());
        out.put("inFlight", q.inFlight());
        out.put("scheduled", q.scheduled());
        out.put("pagedOut", q.pagedOut());
        out.put("consumers", q.consumers());
        out.put("enqueued", q.enqueued());
        out.put("delivered", q.delivered());
        out.put("acknowledged", q.acknowledged());
        out.put("deadLettered", q.deadLettered());
        out.put("expired", q.expired());
        out.put("oldestMessageAgeMillis", q.oldestAgeMillis() < 0 ? null : q.oldestAgeMillis());
        out.put("paging", q.paging());
        out.put("memoryBytes", q.memoryBytes());
        return out;
    }

    static Map<String, Object> message(MessageView view) {
        Message m = view.message();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", view.id());
        out.put("deliveryCount", view.deliveryCount());
        out.put("scheduled", view.scheduled());
        out.put("size", m.size());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("durable", m.durable());
        header.put("priority", m.priority());
        header.put("ttl", m.ttl());
        out.put("header", header);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("messageId", plain(m.messageId()));
        properties.put("correlationId", plain(m.correlationId()));
        properties.put("to", m.to());
        properties.put("replyTo", m.replyTo());
        properties.put("subject", m.subject());
        properties.put("userId", m.userId());
        properties.put("contentType", m.contentType());
        properties.put("groupId", m.groupId());
        properties.put("creationTime", m.creationTime() == 0 ? null : m.creationTime());
        properties.put("absoluteExpiryTime", m.absoluteExpiryTime() == 0 ? null : m.absoluteExpiryTime());
        out.put("properties", properties);
        Map<String, Object> annotations = new LinkedHashMap<>();
        m.messageAnnotationNames().forEach(n -> annotations.put(n, plain(m.messageAnnotation(n))));
        out.put("messageAnnotations", annotations);
        Map<String, Object> application = new LinkedHashMap<>();
        m.applicationProperties().forEach((k, v) -> application.put(k, plain(v)));
        out.put("applicationProperties", application);
        return out;
    }

    /**
     * One message with everything {@link #message} shows, plus the queue's address, the address a dead-lettered or
     * expired message came from ({@code x-opt-ORIG-ADDRESS}, else null) and its body ({@link MessageBody}).
     */
    static Map<String, Object> messageDetail(MessageView view, String address) {
        Map<String, Object> out = message(view);
        Object origin = view.message().messageAnnotation(JmsMapping.ORIGINAL_ADDRESS);
        out.put("address", address);
        out.put("originalAddress", origin == null ? null : origin.toString());
        out.put("body", MessageBody.of(view.message()));
        return out;
    }

    /** A connection as {@link #connection} shows it, with its sessions and their links. */
    static Map<String, Object> connectionDetail(ConnectionDetail d) {
        Map<String, Object> out = connection(d.connection());
        out.put("sessions", d.sessions().stream().map(s -> {
            Map<String, Object> session = new LinkedHashMap<>();
            session.put("id", s.id());
            session.put("links", s.links().stream().map(Json::link).toList());
            return session;
        }).toList());
        return out;
    }

    private static Map<String, Object> link(ConnectionDetail.Link l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", l.name());
        out.put("role", l.role().name().toLowerCase(Locale.ROOT));
        out.put("address", l.address());
        out.put("credit", l.credit());
        out.put("unsettled", l.unsettled());
        out.put("delivered", l.delivered());
        out.put("acknowledged", l.acknowledged());
        out.put("received", l.received());
        return out;
    }

    /**
     * A consumer; {@code stuck} when it holds unsettled deliveries and has acknowledged none for longer than
     * {@code stuckAfter} (since it attached, when it never has) at {@code now}.
     */
    static Map<String, Object> consumer(ConsumerStatus c, Duration stuckAfter, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connection", c.connection());
        out.put("link", c.link());
        out.put("user", c.user());
        out.put("remote", c.remoteAddress());
        out.put("since", c.since().toString());
        out.put("credit", c.credit());
        out.put("unsettled", c.unsettled());
        out.put("delivered", c.delivered());
        out.put("acknowledged", c.acknowledged());
        out.put("selector", c.selector());
        out.put("lastDelivery", c.lastDelivery() == null ? null : c.lastDelivery().toString());
        out.put("lastAcknowledgement", c.lastAcknowledgement() == null ? null : c.lastAcknowledgement().toString());
        Instant acked = c.lastAcknowledgement() == null ? c.since() : c.lastAcknowledgement();
        out.put("stuck", c.unsettled() > 0 && Duration.between(acked, now).compareTo(stuckAfter) > 0);
        return out;
    }

    static Map<String, Object> connection(ConnectionStatus c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("containerId", c.info().containerId());
        out.put("clientId", c.info().clientId());
        out.put("user", c.info().user());
        out.put("remoteAddress", c.info().remoteAddress());
        out.put("connectedAt", c.connectedAt().toString());
        out.put("sessions", c.sessions());
        out.put("producers", c.producers());
        out.put("consumers", c.consumers());
        return out;
    }

    /** An AMQP value as JSON has it: strings, numbers, booleans and null as they are, anything else as text. */
    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return value;
        }
        return value.toString();
    }
}
