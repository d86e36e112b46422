package io.tributary.core;

import java.time.Instant;

/**
 * Where a stream reader starts. Parsed from the AMQP {@code rabbitmq:stream-offset-spec} filter value, or from the
 * {@code stream-offset} option of an address ({@code stream://orders?stream-offset=first}), which the {@code vm://}
 * provider and the AMQP endpoint both read with {@link #fromAddress}.
 *
 * @param kind  the start kind
 * @param value the offset for OFFSET, epoch milliseconds for TIMESTAMP, else 0
 */
public record StreamOffset(Kind kind, long value) {

    /** Start kinds. */
    public enum Kind { FIRST, LAST, NEXT, OFFSET, TIMESTAMP }

    /** The address option that gives a start position: {@code orders?stream-offset=first}. */
    public static final String ADDRESS_OPTION = "?stream-offset=";

    /**
     * An address with the start position it carries removed.
     *
     * @param address the address without the option
     * @param offset  the start position the option gave, or null when there was none
     */
    public record InAddress(String address, StreamOffset offset) {
    }

    public static final StreamOffset FIRST = new StreamOffset(Kind.FIRST, 0);
    public static final StreamOffset LAST = new StreamOffset(Kind.LAST, 0);
    public static final StreamOffset NEXT = new StreamOffset(Kind.NEXT, 0);

    public static StreamOffset offset(long offset) {
        if (offset < 0) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "stream offset " + offset + " is negative; use first, last, next, an offset >= 0 or a timestamp");
        }
        return new StreamOffset(Kind.OFFSET, offset);
    }

    public static StreamOffset timestamp(long epochMillis) {
        return new StreamOffset(Kind.TIMESTAMP, epochMillis);
    }

    /**
     * Splits the {@code ?stream-offset=} option off an address ({@code stream://orders?stream-offset=first}); an
     * address without it is answered whole with a null offset. The value is what {@link #parse} reads.
     *
     * @throws BrokerException INVALID_ARGUMENT naming the value when it is not a start position
     */
    public static InAddress fromAddress(String address) {
        int at = address == null ? -1 : address.indexOf(ADDRESS_OPTION);
        if (at <= 0) {
            return new InAddress(address, null);
        }
        return new InAddress(address.substring(0, at), parse(address.substring(at + ADDRESS_OPTION.length())));
    }

    /**
     * Parses {@code first}, {@code last}, {@code next}, a decimal offset, or {@code timestamp:EPOCH_MILLIS}
     * (also an ISO-8601 instant after {@code timestamp:}).
     */
    public static StreamOffset parse(String text) {
        String t = text == null ? "" : text.trim();
        switch (t) {
            case "first": return FIRST;
            case "last": return LAST;
            case "next": return NEXT;
            default: break;
        }
        try {
            if (t.startsWith("timestamp:")) {
                String v = t.substring("timestamp:".length());
                return timestamp(v.chars().allMatch(Character::isDigit)
                        ? Long.parseLong(v) : Instant.parse(v).toEpochMilli());
            }
            return offset(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "stream offset '" + text
                    + "' is not first, last, next, an offset >= 0 or timestamp:<epoch-millis|ISO-8601>", e);
        }
    }
}
