package io.tributary.amqp;

import io.tributary.core.AddressKind;
import io.tributary.core.Addresses;
import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.ConsumerSpec;
import io.tributary.core.StreamOffset;
import io.tributary.core.message.AmqpSymbols;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;

/**
 * Reads link termini: capabilities as address-kind hints, source filters (JMS selector, no-local, stream offset),
 * and the durable / shared subscription naming Qpid JMS uses (the link name, up to a {@code |}, is the
 * subscription name).
 */
final class Termini {

    static final Symbol QUEUE = Symbol.valueOf(AmqpSymbols.QUEUE);
    static final Symbol TOPIC = Symbol.valueOf(AmqpSymbols.TOPIC);
    static final Symbol STREAM = Symbol.valueOf(AmqpSymbols.STREAM);
    static final Symbol TEMP_QUEUE = Symbol.valueOf(AmqpSymbols.TEMPORARY_QUEUE);
    static final Symbol TEMP_TOPIC = Symbol.valueOf(AmqpSymbols.TEMPORARY_TOPIC);
    static final Symbol SHARED = Symbol.valueOf(AmqpSymbols.SHARED);
    static final Symbol GLOBAL = Symbol.valueOf(AmqpSymbols.GLOBAL);
    static final Symbol COPY = Symbol.valueOf(AmqpSymbols.COPY);
    static final Symbol SELECTOR = Symbol.valueOf(AmqpSymbols.SELECTOR_FILTER);
    static final UnsignedLong SELECTOR_CODE = UnsignedLong.valueOf(AmqpSymbols.SELECTOR_FILTER_CODE);
    static final Symbol NO_LOCAL = Symbol.valueOf(AmqpSymbols.NO_LOCAL_FILTER);
    static final UnsignedLong NO_LOCAL_CODE = UnsignedLong.valueOf(AmqpSymbols.NO_LOCAL_FILTER_CODE);
    static final Symbol STREAM_OFFSET = Symbol.valueOf(AmqpSymbols.STREAM_OFFSET_FILTER);

    private Termini() {
    }

    static boolean has(Symbol[] capabilities, Symbol wanted) {
        if (capabilities != null) {
            for (Symbol s : capabilities) {
                if (wanted.equals(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The address kind the capabilities announce, or null. */
    static AddressKind kindHint(Symbol[] capabilities) {
        if (has(capabilities, TOPIC) || has(capabilities, TEMP_TOPIC)) {
            return AddressKind.TOPIC;
        }
        if (has(capabilities, QUEUE) || has(capabilities, TEMP_QUEUE)) {
            return AddressKind.QUEUE;
        }
        return has(capabilities, STREAM) ? AddressKind.STREAM : null;
    }

    /** True when a dynamic terminus asks for a temporary topic rather than a queue. */
    static boolean wantsTemporaryTopic(Symbol[] capabilities) {
        return has(capabilities, TEMP_TOPIC) || has(capabilities, TOPIC);
    }

    /**
     * A terminus that names a temporary queue or topic (not a dynamic one) must name one that exists: attaching
     * never creates a temporary destination, so one that was deleted stays gone.
     *
     * @throws BrokerException NOT_FOUND when it does not exist
     */
    static void requireExistingTemporary(Addresses addresses, String address, Symbol[] capabilities) {
        if ((has(capabilities, TEMP_QUEUE) || has(capabilities, TEMP_TOPIC)) && addresses.find(address).isEmpty()) {
            throw new BrokerException(BrokerException.Kind.NOT_FOUND, "temporary destination '"
                    + ClientText.safe(address) + "' does not exist (it was deleted or its connection closed); "
                    + "create a new one");
        }
    }

    /** The address a source reads: its address without a {@code ?stream-offset=} option. */
    static String addressOf(Source source) {
        try {
            return StreamOffset.fromAddress(source.getAddress()).address();
        } catch (BrokerException e) {
            return source.getAddress(); // opening the consumer refuses the option with this error
        }
    }

    /** A durable terminus: state kept (unsettled-state or configuration) and never expiring. */
    static boolean durable(Source source) {
        TerminusDurability d = source.getDurable();
        return d != null && d != TerminusDurability.NONE && source.getExpiryPolicy() == TerminusExpiryPolicy.NEVER;
    }

    /** The subscription name Qpid JMS encodes in a link name ({@code name}, {@code name|global}, ...). */
    static String subscriptionName(String linkName) {
        int bar = linkName.indexOf('|');
        return bar < 0 ? linkName : linkName.substring(0, bar);
    }

    /**
     * The consumer a source asks for. A start position may be given in the address
     * ({@code stream://orders?stream-offset=first}, so that a JMS client can name it in a destination) or by the
     * {@code rabbitmq:stream-offset-spec} filter; when both are given, the filter wins.
     *
     * @param address the address to read (a dynamic source's generated address included)
     */
    static ConsumerSpec consumerSpec(Source source, String address, String linkName, boolean preSettled) {
        Symbol[] caps = source.getCapabilities();
        AddressKind hint = kindHint(caps);
        boolean shared = has(caps, SHARED);
        boolean durable = durable(source);
        boolean subscription = hint != AddressKind.QUEUE && (shared || durable && hint != null);
        StreamOffset.InAddress target = StreamOffset.fromAddress(address);
        ConsumerSpec spec = ConsumerSpec.on(target.address()).kind(hint).preSettled(preSettled)
                .streamOffset(target.offset()); // a stream-offset filter, applied below, wins
        if (subscription) {
            spec = spec.subscription(subscriptionName(linkName), durable, shared);
        } else if (COPY.equals(source.getDistributionMode()) && hint != AddressKind.TOPIC) {
            spec = spec.browse(true).preSettled(true);
        }
        Map<?, ?> filters = source.getFilter();
        if (filters != null) {
            for (Map.Entry<?, ?> e : filters.entrySet()) {
                spec = applyFilter(spec, e.getKey(), e.getValue());
            }
        }
        return spec;
    }

    /** The filters this broker understood, to echo back in the attach (a client may check them). */
    static Map<Symbol, Object> supportedFilters(Map<?, ?> filters) {
        if (filters == null) {
            return null;
        }
        Map<Symbol, Object> out = new LinkedHashMap<>();
        filters.forEach((k, v) -> {
            if (k instanceof Symbol s && kindOf(s, v) != null) {
                out.put(s, v);
            }
        });
        return out.isEmpty() ? null : out;
    }

    private static ConsumerSpec applyFilter(ConsumerSpec spec, Object key, Object value) {
        String kind = kindOf(key, value);
        if (kind == null) {
            return spec;
        }
        Object inner = value instanceof DescribedType dt ? dt.getDescribed() : value;
        switch (kind) {
            case "selector":
                if (!(inner instanceof String text)) {
                    throw new BrokerException(BrokerException.Kind.INVALID_SELECTOR,
                            "the selector filter " + key + " holds " + inner + ", not a string");
                }
                return text.isBlank() ? spec : spec.selector(text);
            case "no-local":
                return spec.noLocal(true);
            default:
                return spec.streamOffset(streamOffset(inner));
        }
    }

    /** Which filter an entry is ("selector", "no-local", "stream-offset"), by descriptor or key; null if unknown. */
    private static String kindOf(Object key, Object value) {
        Object descriptor = value instanceof DescribedType dt ? dt.getDescriptor() : null;
        if (SELECTOR.equals(descriptor) || SELECTOR_CODE.equals(descriptor)) {
            return "selector";
        }
        if (NO_LOCAL.equals(descriptor) || NO_LOCAL_CODE.equals(descriptor)) {
            return "no-local";
        }
        if (STREAM_OFFSET.equals(descriptor) || STREAM_OFFSET.equals(key)) {
            return "stream-offset";
        }
        return null;
    }

    private static StreamOffset streamOffset(Object value) {
        if (value instanceof Date d) {
            return StreamOffset.timestamp(d.getTime());
        }
        if (value instanceof Number n) {
            return StreamOffset.offset(n.longValue());
        }
        return StreamOffset.parse(value == null ? null : value.toString());
    }
}
