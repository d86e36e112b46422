package io.tributary.core.selector;

/** Converts number tokens to values: exact literals to Long, approximate ones to Double (Float with F). */
final class NumberLiterals {

    private NumberLiterals() {
    }

    /**
     * An exact literal (decimal, 0x hex, 0b binary or 0 octal, optional L) in the range of long;
     * {@code negative} when a unary minus precedes it.
     */
    static Long exact(String selector, Token token, boolean negative) {
        String digits = token.text();
        if (digits.endsWith("l") || digits.endsWith("L")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            if (digits.length() > 2 && ((digits.charAt(1) | 0x20) == 'x' || (digits.charAt(1) | 0x20) == 'b')) {
                long v = Long.parseUnsignedLong(digits.substring(2), (digits.charAt(1) | 0x20) == 'x' ? 16 : 2);
                return negative ? -v : v;
            }
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                long v = Long.parseUnsignedLong(digits.substring(1), 8);
                return negative ? -v : v;
            }
            return Long.parseLong(negative ? "-" + digits : digits);
        } catch (NumberFormatException e) {
            throw SelectorParser.error(selector, token.position(), "number " + (negative ? "-" : "")
                    + token.text() + " is out of range", "exact numbers must fit a Java long (64 bits); "
                    + "octal numbers start with 0 and use digits 0 to 7");
        }
    }

    /** An approximate literal with a decimal point, an exponent, or an F or D suffix. */
    static Number approximate(String selector, Token token) {
        String t = token.text();
        boolean isFloat = t.endsWith("f") || t.endsWith("F");
        double value = isFloat ? Float.parseFloat(t) : Double.parseDouble(t);
        if (Double.isInfinite(value)) {
            throw SelectorParser.error(selector, token.position(), "number " + t + " is out of range",
                    "approximate numbers must fit a Java " + (isFloat ? "float" : "double"));
        }
        return isFloat ? (Number) (float) value : (Number) value;
    }
}
