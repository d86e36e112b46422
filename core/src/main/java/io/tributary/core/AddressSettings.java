package io.tributary.core;

import java.time.Duration;

/**
 * Per-address settings. Immutable; the defaults sit next to their names in {@link #DEFAULTS}.
 *
 * @param maxDeliveryAttempts      failed deliveries before a message is dead-lettered ({@code 10}); 0 never
 * @param redeliveryDelay          wait before a failed message is offered again ({@code 0})
 * @param redeliveryMultiplier     backoff factor applied per further attempt ({@code 1.0})
 * @param maxRedeliveryDelay       cap for the backed-off delay ({@code 10 min})
 * @param deadLetterAddress        where dead letters go; {@code null} means {@code DLQ.<address>}, "" drops
 * @param expiryAddress            where expired messages go; {@code null} drops them
 * @param memoryBudgetBytes        heap bytes a queue may hold before paging / holding producers back
 *                                 ({@code 64 MiB})
 * @param partitions               stream partitions ({@code 1})
 * @param retentionAge             stream retention by age, or null for none
 * @param retentionBytes           stream retention by total bytes, 0 for none
 * @param retentionMessages        stream retention by message count, 0 for none
 * @param partitionKeyProperty     stream: an application property whose value is the partition key, or null
 * @param populateUserId           a message sent without a user-id gets the sender's authenticated user as its
 *                                 user-id (JMSXUserID) ({@code false}); a user-id that is not the sender's is refused
 *                                 on every address
 * @param duplicateDetection       which id marks a resend and how many ids are remembered ({@code off}, 20,000)
 * @param tracing                  whether (and for which share of messages) the messages' life is traced ({@code off})
 */
public record AddressSettings(int maxDeliveryAttempts, Duration redeliveryDelay, double redeliveryMultiplier,
                              Duration maxRedeliveryDelay, String deadLetterAddress, String expiryAddress,
                              long memoryBudgetBytes, int partitions, Duration retentionAge, long retentionBytes,
                              long retentionMessages, String partitionKeyProperty, boolean populateUserId,
                              DuplicateDetection duplicateDetection, TraceSampling tracing) {

    public static final AddressSettings DEFAULTS = new AddressSettings(10, Duration.ZERO, 1.0,
            Duration.ofMinutes(10), null, null, 64L * 1024 * 1024, 1, null, 0, 0, null, false, DuplicateDetection.OFF,
            TraceSampling.OFF);

    public AddressSettings {
        require(maxDeliveryAttempts >= 0, "max-delivery-attempts", maxDeliveryAttempts, ">= 0");
        require(redeliveryDelay != null && !redeliveryDelay.isNegative(), "redelivery-delay", redeliveryDelay,
                ">= 0");
        require(redeliveryMultiplier >= 1.0, "redelivery-multiplier", redeliveryMultiplier, ">= 1.0");
        require(maxRedeliveryDelay != null && !maxRedeliveryDelay.isNegative(), "max-redelivery-delay",
                maxRedeliveryDelay, ">= 0");
        require(memoryBudgetBytes > 0, "memory-budget", memoryBudgetBytes, "> 0");
        require(partitions >= 1 && partitions <= 1024, "partitions", partitions, "between 1 and 1024");
        require(retentionAge == null || !retentionAge.isNegative(), "retention-age", retentionAge, ">= 0");
        require(retentionBytes >= 0, "retention-bytes", retentionBytes, ">= 0");
        require(retentionMessages >= 0, "retention-messages", retentionMessages, ">= 0");
        require(duplicateDetection != null, "duplicate-detection", null, "off, property or message-id");
        require(tracing != null, "tracing", null, "on or off");
    }

    private static void require(boolean ok, String property, Object value, String rule) {
        if (!ok) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "address setting " + property + " = " + value + " is invalid; it must be " + rule);
        }
    }

    /** The dead-letter address for {@code address}, or null when dead letters are dropped. */
    public String deadLetterAddressFor(String address) {
        if (deadLetterAddress == null) {
            return "DLQ." + address;
        }
        return deadLetterAddress.isEmpty() ? null : deadLetterAddress;
    }

    public AddressSettings withMaxDeliveryAttempts(int v) {
        return new AddressSettings(v, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay, deadLetterAddress,
                expiryAddress, memoryBudgetBytes, partitions, retentionAge, retentionBytes, retentionMessages,
                partitionKeyProperty, populateUserId, duplicateDetection, tracing);
    }

    public AddressSettings withRedelivery(Duration delay, double multiplier, Duration max) {
        return new AddressSettings(maxDeliveryAttempts, delay, multiplier, max, deadLetterAddress, expiryAddress,
                memoryBudgetBytes, partitions, retentionAge, retentionBytes, retentionMessages, partitionKeyProperty,
                populateUserId, duplicateDetection, tracing);
    }

    public AddressSettings withDeadLetterAddress(String v) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay, v,
                expiryAddress, memoryBudgetBytes, partitions, retentionAge, retentionBytes, retentionMessages,
                partitionKeyProperty, populateUserId, duplicateDetection, tracing);
    }

    public AddressSettings withExpiryAddress(String v) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay,
                deadLetterAddress, v, memoryBudgetBytes, partitions, retentionAge, retentionBytes, retentionMessages,
                partitionKeyProperty, populateUserId, duplicateDetection, tracing);
    }

    public AddressSettings withMemoryBudget(long bytes) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay,
                deadLetterAddress, expiryAddress, bytes, partitions, retentionAge, retentionBytes, retentionMessages,
                partitionKeyProperty, populateUserId, duplicateDetection, tracing);
    }

    public AddressSettings withStream(int partitionCount, Duration age, long bytes, long messages, String keyProperty) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay,
                deadLetterAddress, expiryAddress, memoryBudgetBytes, partitionCount, age, bytes, messages, keyProperty,
                populateUserId, duplicateDetection, tracing);
    }

    public AddressSettings withPopulateUserId(boolean value) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay,
                deadLetterAddress, expiryAddress, memoryBudgetBytes, partitions, retentionAge, retentionBytes,
                retentionMessages, partitionKeyProperty, value, duplicateDetection, tracing);
    }

    public AddressSettings withDuplicateDetection(DuplicateDetection value) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay,
                deadLetterAddress, expiryAddress, memoryBudgetBytes, partitions, retentionAge, retentionBytes,
                retentionMessages, partitionKeyProperty, populateUserId, value, tracing);
    }

    public AddressSettings withTracing(TraceSampling value) {
        return new AddressSettings(maxDeliveryAttempts, redeliveryDelay, redeliveryMultiplier, maxRedeliveryDelay,
                deadLetterAddress, expiryAddress, memoryBudgetBytes, partitions, retentionAge, retentionBytes,
                retentionMessages, partitionKeyProperty, populateUserId, duplicateDetection, value);
    }
}
