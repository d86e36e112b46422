package io.tributary.core.store;

/**
 * One queue's reference to a stored message, with the per-queue state that must survive a restart.
 *
 * @param messageId     the message id (also the queue order within a priority)
 * @param encoded       the message bytes (filled by loads; may be null when adding a reference to a message
 *                      added in the same or an earlier batch)
 * @param priority      0..9
 * @param deliveryCount failed delivery attempts so far
 * @param deliveryTime  deliver no earlier than (epoch ms), 0 for at once
 * @param expiryTime    expires at (epoch ms), 0 for never
 * @param groupId       the message group, or null
 */
public record StoredReference(long messageId, byte[] encoded, int priority, int deliveryCount, long deliveryTime,
                              long expiryTime, String groupId) {
}
