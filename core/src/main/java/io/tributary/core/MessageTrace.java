package io.tributary.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The recorded life of one message on one address: from the moment it entered the address (a client's send, or
 * the broker's own move: dead letter, expiry, an operator's move or retry) to the moment it left. A message that
 * moves on (to a dead-letter queue, back by a retry) has one trace per address it passed, each naming where it
 * came from ({@code via}, {@code from}, {@code fromBrokerId}). Immutable.
 *
 * @param messageId     the message-id in its JMSMessageID form ({@code ID:...}), or null when it had none
 * @param correlationId the correlation-id in its JMSCorrelationID form, or null
 * @param brokerId      the broker's id of the message on this address (what the queue management operations take)
 * @param address       the address it entered
 * @param events        what happened to it, oldest first
 */
public record MessageTrace(String messageId, String correlationId, long brokerId, String address,
                           List<Event> events) {

    public MessageTrace {
        events = List.copyOf(events);
    }

    /**
     * One event.
     *
     * @param time    when it happened (the engine's clock)
     * @param type    one of the event type constants of {@link MessageTrace}
     * @param details what the type says more (see {@link MessageTrace}'s constants); values are strings, numbers
     *                ({@link Long}) or lists of strings
     */
    public record Event(Instant time, String type, Map<String, Object> details) {
        public Event {
            details = Map.copyOf(details);
        }
    }

    /**
     * What a trace lookup looks for: a message-id or correlation-id as a client set it (a plain string, or a JMS
     * string such as {@code ID:AMQP_ULONG:42}), or an application property's value (compared as text).
     *
     * @param by    which key
     * @param name  the property's name ({@link By#PROPERTY} only, else null)
     * @param value the id or the property's value
     */
    public record Lookup(By by, String name, String value) {

        /** The keys a message is found by. */
        public enum By {
            MESSAGE_ID, CORRELATION_ID, PROPERTY
        }

        public Lookup {
            if (by == null || value == null || value.isEmpty() || (by == By.PROPERTY && (name == null
                    || name.isEmpty()))) {
                throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "a trace lookup needs a message-id,"
                        + " a correlation-id, or a property name and value");
            }
        }

        public static Lookup messageId(String id) {
            return new Lookup(By.MESSAGE_ID, null, id);
        }

        public static Lookup correlationId(String id) {
            return new Lookup(By.CORRELATION_ID, null, id);
        }

        public static Lookup property(String name, String value) {
            return new Lookup(By.PROPERTY, name, value);
        }
    }

    /** Entered the address: {@code via} (send, transaction, dead-letter, expiry, move, retry), connection, user. */
    public static final String RECEIVED = "received";
    /** Its store batch committed (durable messages on a persistent store). */
    public static final String STORED = "stored";
    /** Given to queues: {@code queues}; or none took it: {@code dropped} = no route. */
    public static final String ROUTED = "routed";
    /** Appended to a stream: {@code partition}, {@code offset}. */
    public static final String APPENDED = "appended";
    /**
     * A stream entry handed to a reader: {@code group} (the consumer group; absent for a reader outside a group),
     * {@code partition}, {@code offset}, {@code connection}, {@code deliveryId}, {@code deliveryCount}, and
     * {@code settled} = pre-settled when the reader settles on delivery. Also for entries appended before the broker's
     * last start, as long as their trace is kept (the start finds them by their appended events).
     */
    public static final String READ = "read";
    /** Handed to a consumer: {@code queue}, {@code connection}, {@code deliveryId}, {@code deliveryCount}. */
    public static final String DELIVERED = "delivered";
    /**
     * A consumer's outcome: {@code outcome} (accepted, released, rejected, modified, or rolled back: a settlement in
     * a transaction that rolled back, which counts as a failed delivery), {@code queue}; on a stream, a consumer
     * group member's outcome: {@code group}, {@code partition}, {@code offset}, {@code connection} (accepted and
     * rejected move the group past the entry; released and modified read it again).
     */
    public static final String SETTLED = "settled";
    /** Offered again later: {@code until}, {@code deliveryCount}. */
    public static final String REDELIVERY_DELAYED = "redelivery-delayed";
    /**
     * A stream consumer group stopped delivering an entry after {@code max-delivery-attempts} failed deliveries (it
     * counts as done for the group, like a rejection; a stream has no dead-letter queue): {@code group},
     * {@code partition}, {@code offset}, {@code attempts}, {@code reason}.
     */
    public static final String GIVEN_UP = "given-up";
    /** Left for a dead-letter address: {@code reason}, {@code to} (absent when dropped). */
    public static final String DEAD_LETTERED = "dead-lettered";
    /** Its time to live ran out: {@code to} (the expiry address, absent when dropped). */
    public static final String EXPIRED = "expired";
    /** Removed by an operator or a purge: {@code by} (operator, purge, queue deleted). */
    public static final String REMOVED = "removed";
    /** Moved by an operator: {@code to}, {@code via} (move, retry). */
    public static final String MOVED = "moved";
}
