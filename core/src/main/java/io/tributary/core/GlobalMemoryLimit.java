package io.tributary.core;

/**
 * The broker-wide memory limit ({@code limits.global-memory}): the heap that the messages of every queue,
 * topic subscription and stream may take together, as a number of bytes or as a percentage of the JVM's
 * maximum heap. Beyond it durable messages on a persistent store are paged to the store and producers of
 * messages that cannot be paged are held back. Immutable.
 *
 * <p>Design note: the default is half the maximum heap. What the limit counts is the messages' encoded bytes;
 * the heap also holds each entry's bookkeeping, decoded header sections, the connections' buffers, the store's
 * cache and the collector's headroom, and a producer that was held back may still send what its protocol had
 * already allowed it (an AMQP credit window). Half leaves room for all of that.
 *
 * @param bytes       the limit in bytes, or 0 when given as a percentage
 * @param heapPercent the limit as a percentage of the maximum heap (1 to 100), or 0 when given in bytes
 */
public record GlobalMemoryLimit(long bytes, int heapPercent) {

    /** The configuration key. */
    public static final String KEY = "limits.global-memory";
    /** Half the maximum heap. */
    public static final GlobalMemoryLimit DEFAULT = new GlobalMemoryLimit(0, 50);

    public GlobalMemoryLimit {
        if ((bytes > 0) == (heapPercent > 0) || bytes < 0 || heapPercent < 0 || heapPercent > 100) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT, KEY + " = " + bytes + " bytes / "
                    + heapPercent + "% is invalid; give either a size above 0 or a percentage of the heap from 1%"
                    + " to 100%");
        }
    }

    public static GlobalMemoryLimit ofBytes(long bytes) {
        return new GlobalMemoryLimit(bytes, 0);
    }

    public static GlobalMemoryLimit ofHeapPercent(int percent) {
        return new GlobalMemoryLimit(0, percent);
    }

    /**
     * Parses {@code 512MiB} (any {@link ByteSize} form) or {@code 50%}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static GlobalMemoryLimit parse(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                return ofHeapPercent(Integer.parseInt(t.substring(0, t.length() - 1).trim()));
            }
            return ofBytes(ByteSize.parse(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a size above 0 such as 512MiB, or a percentage of the"
                    + " maximum heap from 1% to 100% such as 50%", e);
        }
    }

    /** The limit in bytes for a JVM whose maximum heap is {@code maxHeap}. */
    public long resolve(long maxHeap) {
        return bytes > 0 ? bytes : maxHeap / 100 * heapPercent;
    }

    @Override
    public String toString() {
        return bytes > 0 ? ByteSize.format(bytes) : heapPercent + "% of the heap";
    }
}
