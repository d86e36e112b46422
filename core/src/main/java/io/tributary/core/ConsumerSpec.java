package io.tributary.core;

/**
 * What a consumer asks for. Build with {@link #on(String)}.
 *
 * @param address          the address (queue, topic or stream)
 * @param kindHint         what the client says the address is, or null
 * @param selector         a Jakarta Messaging selector, or null
 * @param noLocal          do not deliver messages sent on this consumer's own connection (topics)
 * @param browse           browse without consuming (queues): deliveries are pre-settled copies
 * @param exclusive        ask to be the queue's only consumer (IN_USE if it has others)
 * @param subscriptionName for topics and streams: the subscription / consumer-group name, or null
 * @param durable          the subscription survives the connection (and a restart)
 * @param shared           the subscription may have several consumers (JMS 2.0 shared subscriptions)
 * @param preSettled       at-most-once: a delivery is settled as it is sent
 * @param streamOffset     for streams: where a non-group reader starts, or null for {@code next}
 */
public record ConsumerSpec(String address, AddressKind kindHint, String selector, boolean noLocal,
                           boolean browse, boolean exclusive, String subscriptionName, boolean durable,
                           boolean shared, boolean preSettled, StreamOffset streamOffset) {

    public ConsumerSpec {
        if (address == null || address.isEmpty()) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, "consumer address is empty");
        }
        if (durable && (subscriptionName == null || subscriptionName.isEmpty())) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "durable subscription on " + address + " has no subscription name");
        }
    }

    public static ConsumerSpec on(String address) {
        return new ConsumerSpec(address, null, null, false, false, false, null, false, false, false, null);
    }

    public ConsumerSpec kind(AddressKind hint) {
        return new ConsumerSpec(address, hint, selector, noLocal, browse, exclusive, subscriptionName, durable,
                shared, preSettled, streamOffset);
    }

    public ConsumerSpec selector(String text) {
        return new ConsumerSpec(address, kindHint, text, noLocal, browse, exclusive, subscriptionName, durable,
                shared, preSettled, streamOffset);
    }

    public ConsumerSpec noLocal(boolean value) {
        return new ConsumerSpec(address, kindHint, selector, value, browse, exclusive, subscriptionName, durable,
                shared, preSettled, streamOffset);
    }

    public ConsumerSpec browse(boolean value) {
        return new ConsumerSpec(address, kindHint, selector, noLocal, value, exclusive, subscriptionName, durable,
                shared, preSettled, streamOffset);
    }

    public ConsumerSpec exclusive(boolean value) {
        return new ConsumerSpec(address, kindHint, selector, noLocal, browse, value, subscriptionName, durable,
                shared, preSettled, streamOffset);
    }

    /** A subscription named {@code name}, durable or not, shared or not. */
    public ConsumerSpec subscription(String name, boolean isDurable, boolean isShared) {
        return new ConsumerSpec(address, kindHint, selector, noLocal, browse, exclusive, name, isDurable,
                isShared, preSettled, streamOffset);
    }

    public ConsumerSpec preSettled(boolean value) {
        return new ConsumerSpec(address, kindHint, selector, noLocal, browse, exclusive, subscriptionName, durable,
                shared, value, streamOffset);
    }

    public ConsumerSpec streamOffset(StreamOffset offset) {
        return new ConsumerSpec(address, kindHint, selector, noLocal, browse, exclusive, subscriptionName, durable,
                shared, preSettled, offset);
    }
}
