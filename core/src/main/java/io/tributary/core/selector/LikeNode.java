package io.tributary.core.selector;

/**
 * {@code v [NOT] LIKE 'pattern' [ESCAPE 'c']}: {@code _} matches one character, {@code %} any
 * sequence; NULL or a non-string value gives UNKNOWN. Immutable.
 *
 * <p>Design note: the pattern is compiled to an array of code points with two negative markers and
 * matched by a greedy scan that backtracks only to the last {@code %}, so matching never allocates
 * and runs in O(text x pattern) at worst.
 */
final class LikeNode extends Expr {

    static final int ANY_ONE = -1;
    static final int ANY_SEQUENCE = -2;

    private final Expr value;
    private final int[] pattern;
    private final boolean negated;
    private final String source;

    LikeNode(Expr value, int[] pattern, boolean negated, String source) {
        super(Type.BOOLEAN, value);
        this.value = value;
        this.pattern = pattern;
        this.negated = negated;
        this.source = source;
    }

    @Override
    Object evaluate(Filterable message) {
        Object v = value.evaluate(message);
        if (!(v instanceof String s)) {
            return null;
        }
        return truth(matches(pattern, s) != negated);
    }

    /** Whether the whole of {@code text} matches the compiled {@code pattern}. */
    static boolean matches(int[] pattern, String text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        int length = text.length();
        while (t < length) {
            int c = text.codePointAt(t);
            if (p < pattern.length && pattern[p] == ANY_SEQUENCE) {
                starP = p++;
                starT = t;
            } else if (p < pattern.length && (pattern[p] == ANY_ONE || pattern[p] == c)) {
                p++;
                t += Character.charCount(c);
            } else if (starP >= 0) {
                p = starP + 1;
                starT += Character.charCount(text.codePointAt(starT));
                t = starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == ANY_SEQUENCE) {
            p++;
        }
        return p == pattern.length;
    }

    @Override
    boolean constant() {
        return value.constant();
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT" : "") + " LIKE " + source + ")";
    }
}
