package io.tributary.core;

import java.util.Locale;

/**
 * An address's duplicate detection: which id a message is known by, and how many ids the address remembers.
 * A message whose id was seen within the window is accepted but neither stored nor routed again. Immutable.
 *
 * @param mode   where the id comes from ({@code off} by default)
 * @param window how many ids the address remembers ({@code 20000}); beyond it the oldest are forgotten
 */
public record DuplicateDetection(Mode mode, int window) {

    /** The application property that Artemis applications set to a message's duplicate id. */
    public static final String PROPERTY = "_AMQ_DUPL_ID";
    public static final int DEFAULT_WINDOW = 20_000;
    public static final DuplicateDetection OFF = new DuplicateDetection(Mode.OFF, DEFAULT_WINDOW);

    /** Where a message's duplicate id comes from. */
    public enum Mode {
        /** No duplicate detection. */
        OFF,
        /** The {@value DuplicateDetection#PROPERTY} application property (a string or binary value). */
        PROPERTY,
        /** The AMQP message-id, of any AMQP id type. */
        MESSAGE_ID;

        /** {@code off}, {@code property} or {@code message-id}, as the configuration file spells it. */
        public String spelling() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #spelling()}, ignoring case. */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.spelling().equalsIgnoreCase(text.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("expected off, property or message-id");
        }
    }

    public DuplicateDetection {
        if (mode == null) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "address setting duplicate-detection is missing; it must be off, property or message-id");
        }
        if (window < 1) {
            throw new BrokerException(BrokerException.Kind.INVALID_ARGUMENT,
                    "address setting duplicate-id-cache = " + window + " is invalid; it must be >= 1");
        }
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }
}
