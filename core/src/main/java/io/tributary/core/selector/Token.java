package io.tributary.core.selector;

/**
 * One lexical token of a selector.
 *
 * @param kind what it is
 * @param text the source text of the token (a string literal keeps its quotes)
 * @param value the decoded value: the string of a string literal, the upper-case keyword; null otherwise
 * @param position the 1-based column where the token starts
 */
record Token(Kind kind, String text, String value, int position) {

    /** Token kinds. Keywords are case-insensitive and reserved, so they are never identifiers. */
    enum Kind {
        IDENTIFIER, STRING, EXACT, APPROXIMATE,
        NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE, NULL, TRUE, FALSE,
        LPAREN, RPAREN, COMMA, EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH, END
    }

    /** The token as an error message shows it: a string literal as written, anything else quoted. */
    String describe() {
        if (kind == Kind.END) {
            return "end of input";
        }
        return kind == Kind.STRING ? text : "'" + text + "'";
    }
}
