package io.tributary.core;

import java.util.Locale;

/** Byte sizes as configuration files write them ({@code 64KiB}, {@code 16MiB}) and as log lines print them. */
public final class ByteSize {

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private ByteSize() {
    }

    /**
     * Parses {@code 1024}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB} (KB/MB/GB are read as powers of 1024 too).
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static long parse(String v) {
        String t = v.trim().toUpperCase(Locale.ROOT).replace("IB", "B");
        long unit = 1;
        if (t.endsWith("KB")) {
            unit = KIB;
        } else if (t.endsWith("MB")) {
            unit = MIB;
        } else if (t.endsWith("GB")) {
            unit = GIB;
        }
        String digits = unit == 1 ? (t.endsWith("B") ? t.substring(0, t.length() - 1) : t)
                : t.substring(0, t.length() - 2);
        try {
            return Math.multiplyExact(Long.parseLong(digits.trim()), unit);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a size such as 1024, 64KiB, 16MiB or 2GiB", e);
        }
    }

    /** {@code 512 B}, {@code 64 KiB}, {@code 1.5 MiB}, {@code 2 GiB}: one decimal at most. */
    public static String format(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < KIB) {
            return bytes + " B";
        }
        long unit = abs < MIB ? KIB : abs < GIB ? MIB : GIB;
        String name = unit == KIB ? "KiB" : unit == MIB ? "MiB" : "GiB";
        double value = (double) bytes / unit;
        String number = Math.abs(value - Math.rint(value)) < 0.05 ? Long.toString(Math.round(value))
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + name;
    }
}
