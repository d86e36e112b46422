package io.tributary.core.message;

/**
 * The AMQP 1.0 vocabulary that both the AMQP endpoint and an AMQP client (the JMS provider's {@code amqp://}
 * side) speak, kept in one place: terminus capabilities, source filters, and connection capabilities as Qpid JMS
 * and other AMQP JMS clients use them.
 */
public final class AmqpSymbols {

    private AmqpSymbols() {
    }

    /** Terminus capability: the address is a queue. */
    public static final String QUEUE = "queue";
    /** Terminus capability: the address is a topic. */
    public static final String TOPIC = "topic";
    /** Terminus capability: the address is a stream. */
    public static final String STREAM = "stream";
    /** Terminus capability of a dynamic node: a temporary queue. */
    public static final String TEMPORARY_QUEUE = "temporary-queue";
    /** Terminus capability of a dynamic node: a temporary topic. */
    public static final String TEMPORARY_TOPIC = "temporary-topic";
    /** Source capability: a shared subscription (the link name, up to {@code |}, is its name). */
    public static final String SHARED = "shared";
    /** Source capability: a shared subscription not scoped to a client id. */
    public static final String GLOBAL = "global";
    /** Source distribution mode: browse (copy) rather than consume (move). */
    public static final String COPY = "copy";

    /** Filter descriptor: a JMS selector (the value is the selector string). */
    public static final String SELECTOR_FILTER = "apache.org:selector-filter:string";
    /** Numeric code of {@link #SELECTOR_FILTER}. */
    public static final long SELECTOR_FILTER_CODE = 0x0000468C00000004L;
    /** The key Qpid JMS puts the selector filter under. */
    public static final String SELECTOR_FILTER_KEY = "jms-selector";
    /** Filter descriptor: no-local (the value is an empty list). */
    public static final String NO_LOCAL_FILTER = "apache.org:no-local-filter:list";
    /** Numeric code of {@link #NO_LOCAL_FILTER}. */
    public static final long NO_LOCAL_FILTER_CODE = 0x0000468C00000003L;
    /** The key Qpid JMS puts the no-local filter under. */
    public static final String NO_LOCAL_FILTER_KEY = "no-local";
    /** Filter key and descriptor: where a stream reader starts (first, last, next, an offset or a timestamp). */
    public static final String STREAM_OFFSET_FILTER = "rabbitmq:stream-offset-spec";

    /** Connection capability: one connection per container id (the JMS client id). */
    public static final String SOLE_CONNECTION_FOR_CONTAINER = "sole-connection-for-container";
    /** Connection capability: links without a target address route by each message's {@code to}. */
    public static final String ANONYMOUS_RELAY = "ANONYMOUS-RELAY";
    /** Connection and link capability: scheduled delivery (x-opt-delivery-time / x-opt-delivery-delay). */
    public static final String DELAYED_DELIVERY = "DELAYED_DELIVERY";
    /** Connection capability: shared subscriptions. */
    public static final String SHARED_SUBS = "SHARED-SUBS";
    /** Connection property set when an open is answered only to be closed with an error at once. */
    public static final String CONNECTION_ESTABLISHMENT_FAILED = "amqp:connection-establishment-failed";
    /** Error info key naming the field that was invalid (e.g. {@code container-id} for a client id clash). */
    public static final String INVALID_FIELD = "invalid-field";
    /** Value of {@link #INVALID_FIELD} for a client id clash. */
    public static final String CONTAINER_ID = "container-id";
}
