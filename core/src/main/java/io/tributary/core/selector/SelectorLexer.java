package io.tributary.core.selector;

import io.tributary.core.BrokerException;
import io.tributary.core.selector.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits selector text into tokens. Used once per compile; not thread-safe.
 *
 * <p>Design note: the lexer keeps number literals as text; the parser converts them, because whether
 * {@code 9223372036854775808} is in range depends on a preceding unary minus.
 */
final class SelectorLexer {

    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry("NOT", Kind.NOT), Map.entry("AND", Kind.AND), Map.entry("OR", Kind.OR),
            Map.entry("BETWEEN", Kind.BETWEEN), Map.entry("LIKE", Kind.LIKE), Map.entry("IN", Kind.IN),
            Map.entry("IS", Kind.IS), Map.entry("ESCAPE", Kind.ESCAPE), Map.entry("NULL", Kind.NULL),
            Map.entry("TRUE", Kind.TRUE), Map.entry("FALSE", Kind.FALSE));

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SelectorLexer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}, ending with an END token. */
    static List<Token> tokenize(String text) {
        SelectorLexer lexer = new SelectorLexer(text);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.END, "", null, text.length() + 1));
                return;
            }
            int start = pos;
            int c = text.codePointAt(pos);
            if (c == '\'') {
                string(start);
            } else if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
                number(start);
            } else if (Character.isJavaIdentifierStart(c)) {
                identifier(start);
            } else {
                operator(start, c);
            }
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\f' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void string(int start) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw SelectorParser.error(text, start + 1, "unterminated string literal",
                        "close it with ' (write '' for a quote inside a string)");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    break;
                }
            } else {
                value.append(c);
            }
        }
        tokens.add(new Token(Kind.STRING, text.substring(start, pos), value.toString(), start + 1));
    }

    private void number(int start) {
        int radix = radixPrefix();
        if (radix != 10) {
            pos += 2;
            int digits = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), radix) >= 0) {
                pos++;
            }
            if (pos == digits) {
                throw malformedNumber(start);
            }
            skipSuffix("lL");
            finishNumber(start, Kind.EXACT);
            return;
        }
        skipDigits();
        boolean approximate = false;
        if (pos < text.length() && text.charAt(pos) == '.') {
            approximate = true;
            pos++;
            skipDigits();
        }
        if (pos < text.length() && (text.charAt(pos) | 0x20) == 'e') {
            approximate = true;
            pos++;
            skipSuffix("+-");
            int digits = pos;
            skipDigits();
            if (pos == digits) {
                throw malformedNumber(start);
            }
        }
        if (skipSuffix("fFdD")) {
            approximate = true;
        } else if (!approximate) {
            skipSuffix("lL");
        }
        finishNumber(start, approximate ? Kind.APPROXIMATE : Kind.EXACT);
    }

    /** 16 after 0x, 2 after 0b, else 10 (octal is decided by the parser from the leading 0). */
    private int radixPrefix() {
        if (text.charAt(pos) != '0' || pos + 1 >= text.length()) {
            return 10;
        }
        int marker = text.charAt(pos + 1) | 0x20;
        return marker == 'x' ? 16 : marker == 'b' ? 2 : 10;
    }

    private void finishNumber(int start, Kind kind) {
        if (pos < text.length() && (text.charAt(pos) == '.' || Character.isJavaIdentifierPart(text.codePointAt(pos)))) {
            throw malformedNumber(start);
        }
        tokens.add(new Token(kind, text.substring(start, pos), null, start + 1));
    }

    private BrokerException malformedNumber(int start) {
        int end = pos;
        while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        return SelectorParser.error(text, start + 1, "malformed number '" + text.substring(start, end) + "'",
                "write numbers like 42, 42L, 0x2A, 0b101, 052, 4.2, 4.2E1 or 4.2F");
    }

    private void skipDigits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean skipSuffix(String allowed) {
        if (pos < text.length() && allowed.indexOf(text.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void identifier(int start) {
        pos += Character.charCount(text.codePointAt(pos));
        while (pos < text.length() && Character.isJavaIdentifierPart(text.codePointAt(pos))) {
            pos += Character.charCount(text.codePointAt(pos));
        }
        String word = text.substring(start, pos);
        String upper = word.toUpperCase(Locale.ROOT);
        Kind keyword = KEYWORDS.get(upper);
        if (keyword != null) {
            tokens.add(new Token(keyword, word, upper, start + 1));
        } else {
            tokens.add(new Token(Kind.IDENTIFIER, word, word, start + 1));
        }
    }

    private void operator(int start, int c) {
        Kind kind = switch (c) {
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case ',' -> Kind.COMMA;
            case '=' -> Kind.EQ;
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.STAR;
            case '/' -> Kind.SLASH;
            case '<' -> follows('>') ? Kind.NE : follows('=') ? Kind.LE : Kind.LT;
            case '>' -> follows('=') ? Kind.GE : Kind.GT;
            default -> null;
        };
        if (kind == null) {
            String hint = c == '!' ? "write <> for not equal"
                    : c == '"' ? "string literals use single quotes"
                    : "expected an identifier, a literal, an operator or a parenthesis";
            throw SelectorParser.error(text, start + 1,
                    "unexpected character '" + new String(Character.toChars(c)) + "'", hint);
        }
        pos++;
        tokens.add(new Token(kind, text.substring(start, pos), null, start + 1));
    }

    private boolean follows(char next) {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == next) {
            pos++;
            return true;
        }
        return false;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
