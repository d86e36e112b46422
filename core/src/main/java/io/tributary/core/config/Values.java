package io.tributary.core.config;

import io.tributary.core.AddressKind;
import io.tributary.core.ByteSize;
import io.tributary.core.GlobalMemoryLimit;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parsers for configuration values. Each takes the trimmed text of one value and answers the value, or throws an
 * {@link IllegalArgumentException} whose message says what was expected ({@code expected true or false});
 * {@link Configuration} adds the key, the value and where it was written. Stateless.
 */
public final class Values {

    private Values() {
    }

    /** The text as given (an empty value stays empty: for {@code dead-letter-address} it means "drop"). */
    public static String text(String v) {
        return v;
    }

    /** {@code true} or {@code false} (in any case); nothing else, so that {@code yes} or {@code on} is an error. */
    public static boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    public static int integer(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number", e);
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Function<String, Integer> integer(int min, int max) {
        return v -> {
            int n = integer(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(max == Integer.MAX_VALUE ? "expected a whole number of " + min
                        + " or more" : "expected a whole number from " + min + " to " + max);
            }
            return n;
        };
    }

    public static long longValue(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number", e);
        }
    }

    /** {@code on} or {@code off} (in any case). */
    public static boolean onOff(String v) {
        String t = v.trim();
        if (t.equalsIgnoreCase("on")) {
            return true;
        }
        if (t.equalsIgnoreCase("off")) {
            return false;
        }
        throw new IllegalArgumentException("expected on or off");
    }

    /** A number from 0 to 1 ({@code 0.01} is one in a hundred). */
    public static double fraction(String v) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a fraction from 0 to 1 such as 0.01", e);
        }
        if (!(d >= 0.0 && d <= 1.0)) {
            throw new IllegalArgumentException("expected a fraction from 0 to 1 such as 0.01");
        }
        return d;
    }

    public static double decimal(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number such as 2 or 1.5", e);
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601 such as {@code PT30S}. */
    public static Duration duration(String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S", e);
        }
    }

    /** A duration of 0 or more. */
    public static Duration nonNegativeDuration(String v) {
        Duration d = duration(v);
        if (d.isNegative()) {
            throw new IllegalArgumentException("expected a duration of 0 or more, such as 30s");
        }
        return d;
    }

    /** A duration above 0. */
    public static Duration positiveDuration(String v) {
        Duration d = duration(v);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("expected a duration above 0, such as 10s");
        }
        return d;
    }

    /** Bytes: {@code 1024}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB} (also KB/MB/GB as powers of 1024). */
    public static long size(String v) {
        return ByteSize.parse(v);
    }

    /** {@code queue}, {@code topic} or {@code stream}. */
    public static AddressKind kind(String v) {
        try {
            return AddressKind.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected queue, topic or stream", e);
        }
    }

    /** A size such as {@code 512MiB} or a percentage of the maximum heap such as {@code 50%}. */
    public static GlobalMemoryLimit globalMemory(String v) {
        return GlobalMemoryLimit.parse(v);
    }

    /** One of {@code choices}, ignoring case; answers it as written in {@code choices}. */
    public static Function<String, String> oneOf(String... choices) {
        return v -> {
            for (String c : choices) {
                if (c.equalsIgnoreCase(v.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", choices));
        };
    }
}
