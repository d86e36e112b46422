package io.tributary.core.selector;

import io.tributary.core.BrokerException;
import io.tributary.core.selector.Expr.Type;
import io.tributary.core.selector.Token.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Compiles selector text into an expression tree by recursive descent, checking types where the
 * text alone decides them. Used once per compile; not thread-safe. The grammar, loosest first:
 * <pre>
 * selector   := or END
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | predicate
 * predicate  := sum [ compare-op sum | [NOT] BETWEEN sum AND sum | [NOT] IN '(' string (',' string)* ')'
 *                   | [NOT] LIKE string [ESCAPE string] | IS [NOT] NULL ]
 * sum        := product (('+' | '-') product)*
 * product    := unary (('*' | '/') unary)*
 * unary      := ('+' | '-') unary | primary
 * primary    := literal | identifier | '(' or ')'
 * </pre>
 */
final class SelectorParser {

    /** Header fields a selector may not use (JMS 3.8.1.1); they always evaluate to NULL. */
    private static final Set<String> UNSELECTABLE_HEADERS = Set.of(
            "JMSDestination", "JMSReplyTo", "JMSExpiration", "JMSRedelivered", "JMSDeliveryTime");
    private static final Filterable NO_MESSAGE = identifier -> null;
    /** How deep parentheses, NOT and signs may nest (bounds the parser's recursion). */
    static final int MAX_NESTING = 100;
    /** How deep the compiled tree may be (bounds the evaluator's recursion). */
    static final int MAX_TREE_DEPTH = 400;
    /** How much of a selector an error message quotes. */
    private static final int MAX_SHOWN = 200;

    private final String text;
    private final List<Token> tokens;
    private int index;
    private int nesting;

    private SelectorParser(String text) {
        this.text = text;
        this.tokens = SelectorLexer.tokenize(text);
    }

    static Selector parse(String text) {
        if (text == null || text.isBlank()) {
            return new CompiledSelector(text == null ? "" : text, new Literal(Boolean.TRUE, Type.BOOLEAN));
        }
        SelectorParser parser = new SelectorParser(text);
        Expr root = parser.or();
        int end = parser.index;
        if (parser.peek().kind() != Kind.END) {
            throw parser.unexpected(parser.peek(), "expected AND, OR or the end of the selector");
        }
        parser.require(root, 0, end, Type.BOOLEAN, "a selector must be a condition");
        return new CompiledSelector(text, root);
    }

    /** The INVALID_SELECTOR error for {@code text}: what is wrong, where (1-based), and what would be right. */
    static BrokerException error(String text, int position, String problem, String hint) {
        String shown = text.length() <= MAX_SHOWN ? text
                : text.substring(0, MAX_SHOWN) + "... (" + text.length() + " characters)";
        return new BrokerException(BrokerException.Kind.INVALID_SELECTOR,
                "selector \"" + shown + "\": " + problem + " at position " + position + "; " + hint);
    }

    private Expr or() {
        return chain(Kind.OR, this::and);
    }

    private Expr and() {
        return chain(Kind.AND, this::not);
    }

    /** {@code next (keyword next)*} for AND or OR, as one n-ary node of conditions. */
    private Expr chain(Kind keyword, Supplier<Expr> next) {
        String hint = keyword + " needs conditions";
        int start = index;
        Expr first = next.get();
        if (peek().kind() != keyword) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(require(first, start, index, Type.BOOLEAN, hint));
        while (accept(keyword)) {
            int right = index;
            Expr operand = next.get();
            operands.add(require(operand, right, index, Type.BOOLEAN, hint));
        }
        return fold(keyword == Kind.AND ? LogicalNode.and(operands) : LogicalNode.or(operands));
    }

    private Expr not() {
        if (accept(Kind.NOT)) {
            int start = index;
            Expr operand = nested(this::not);
            return fold(LogicalNode.not(require(operand, start, index, Type.BOOLEAN, "NOT needs a condition")));
        }
        return predicate();
    }

    /** Parses a nested construct, failing cleanly rather than running out of stack on absurd nesting. */
    private Expr nested(Supplier<Expr> parser) {
        if (++nesting > MAX_NESTING) {
            throw unexpected(peek(), "parentheses, NOT and signs nest more than " + MAX_NESTING + " levels deep");
        }
        Expr expr = parser.get();
        nesting--;
        return expr;
    }

    private Expr predicate() {
        int start = index;
        Expr left = sum();
        int end = index;
        Token op = peek();
        ComparisonNode.Op comparison = comparisonOp(op.kind());
        if (comparison != null) {
            index++;
            int right = index;
            Expr r = sum();
            if (comparison.ordering()) {
                String hint = "strings and booleans compare only with = and <>";
                require(left, start, end, Type.NUMERIC, hint);
                require(r, right, index, Type.NUMERIC, hint);
            } else if (left.type() != Type.ANY) {
                require(r, right, index, left.type(), "'" + op.text() + "' compares only values of one type: "
                        + left.type().description() + "s with " + left.type().description() + "s (the left side "
                        + "is a " + left.type().description() + ")");
            }
            return fold(new ComparisonNode(comparison, left, r));
        }
        if (op.kind() == Kind.IS) {
            index++;
            boolean negated = accept(Kind.NOT);
            expect(Kind.NULL, "expected NULL or NOT NULL after IS");
            return fold(new IsNullNode(left, negated));
        }
        boolean negated = accept(Kind.NOT);
        Token keyword = peek();
        switch (keyword.kind()) {
            case BETWEEN:
                index++;
                return between(left, start, end, negated);
            case IN:
                index++;
                require(left, start, end, Type.STRING, "IN needs a string identifier on its left");
                return fold(new InNode(left, stringList(), negated));
            case LIKE:
                index++;
                require(left, start, end, Type.STRING, "LIKE needs a string identifier on its left");
                return like(left, negated);
            default:
                if (negated) {
                    throw unexpected(keyword, "expected BETWEEN, IN or LIKE after NOT");
                }
                return left;
        }
    }

    private Expr between(Expr value, int start, int end, boolean negated) {
        String hint = "BETWEEN needs numeric expressions";
        require(value, start, end, Type.NUMERIC, hint);
        int lowStart = index;
        Expr low = require(sum(), lowStart, index, Type.NUMERIC, hint);
        expect(Kind.AND, "expected AND between the bounds of BETWEEN");
        int highStart = index;
        Expr high = require(sum(), highStart, index, Type.NUMERIC, hint);
        return fold(new BetweenNode(value, low, high, negated));
    }

    private List<String> stringList() {
        expect(Kind.LPAREN, "expected ( and a list of string literals after IN");
        List<String> strings = new ArrayList<>();
        do {
            strings.add(expect(Kind.STRING, "IN takes a list of string literals").value());
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN, "expected , or ) in the list after IN");
        return strings;
    }

    private Expr like(Expr value, boolean negated) {
        Token pattern = expect(Kind.STRING, "expected a string literal pattern after LIKE");
        int escape = -1;
        if (accept(Kind.ESCAPE)) {
            Token esc = expect(Kind.STRING, "expected a one-character string literal after ESCAPE");
            String e = esc.value();
            if (e.isEmpty() || e.codePointCount(0, e.length()) != 1) {
                throw unexpected(esc, "the escape character must be a string of exactly one character");
            }
            escape = e.codePointAt(0);
        }
        String source = pattern.text() + (escape < 0 ? "" : " ESCAPE " + tokens.get(index - 1).text());
        return fold(new LikeNode(value, compilePattern(pattern, escape), negated, source));
    }

    private int[] compilePattern(Token token, int escape) {
        String p = token.value();
        int[] out = new int[p.codePointCount(0, p.length())];
        int n = 0;
        for (int i = 0; i < p.length(); ) {
            int c = p.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                int next = i < p.length() ? p.codePointAt(i) : -1;
                if (next != '%' && next != '_' && next != escape) {
                    throw error(text, token.position(), "LIKE pattern " + token.text() + " has the escape character '"
                            + new String(Character.toChars(escape)) + "' before "
                            + (next < 0 ? "its end" : "'" + new String(Character.toChars(next)) + "'"),
                            "the escape character may only precede %, _ or itself");
                }
                i += Character.charCount(next);
                out[n++] = next;
            } else {
                out[n++] = c == '%' ? LikeNode.ANY_SEQUENCE : c == '_' ? LikeNode.ANY_ONE : c;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private Expr sum() {
        return arithmetic(Kind.PLUS, Kind.MINUS, this::product);
    }

    private Expr product() {
        return arithmetic(Kind.STAR, Kind.SLASH, this::unary);
    }

    /** A left-associative chain of {@code next (op next)*} for the two operators of one precedence level. */
    private Expr arithmetic(Kind op1, Kind op2, Supplier<Expr> next) {
        int start = index;
        Expr left = next.get();
        int end = index;
        while (peek().kind() == op1 || peek().kind() == op2) {
            Token op = tokens.get(index++);
            String hint = "'" + op.text() + "' needs numeric operands";
            require(left, start, end, Type.NUMERIC, hint);
            int right = index;
            Expr r = next.get();
            end = index;
            left = fold(ArithmeticNode.binary(op.text().charAt(0), left, require(r, right, end, Type.NUMERIC, hint)));
        }
        return left;
    }

    private Expr unary() {
        Kind kind = peek().kind();
        if (kind != Kind.PLUS && kind != Kind.MINUS) {
            return primary();
        }
        Token sign = tokens.get(index++);
        if (kind == Kind.MINUS && peek().kind() == Kind.EXACT) {
            return new Literal(NumberLiterals.exact(text, tokens.get(index++), true), Type.NUMERIC);
        }
        int start = index;
        Expr parsed = nested(this::unary);
        Expr operand = require(parsed, start, index, Type.NUMERIC, "unary '" + sign.text() + "' needs a number");
        return fold(kind == Kind.MINUS ? ArithmeticNode.negate(operand) : ArithmeticNode.plus(operand));
    }

    private Expr primary() {
        Token token = peek();
        index++;
        switch (token.kind()) {
            case STRING:
                return new Literal(token.value(), Type.STRING);
            case EXACT:
                return new Literal(NumberLiterals.exact(text, token, false), Type.NUMERIC);
            case APPROXIMATE:
                return new Literal(NumberLiterals.approximate(text, token), Type.NUMERIC);
            case TRUE:
                return new Literal(Boolean.TRUE, Type.BOOLEAN);
            case FALSE:
                return new Literal(Boolean.FALSE, Type.BOOLEAN);
            case IDENTIFIER:
                if (UNSELECTABLE_HEADERS.contains(token.value())) {
                    return new Literal(null, Type.ANY);
                }
                return new Identifier(token.value());
            case LPAREN:
                Expr inner = nested(this::or);
                expect(Kind.RPAREN, "expected ) to close the ( at position " + token.position());
                return inner;
            case NULL:
                index--;
                throw unexpected(token, "NULL is not a value; test for it with IS NULL or IS NOT NULL");
            default:
                index--;
                throw unexpected(token, "expected an expression");
        }
    }

    private static ComparisonNode.Op comparisonOp(Kind kind) {
        return switch (kind) {
            case EQ -> ComparisonNode.Op.EQ;
            case NE -> ComparisonNode.Op.NE;
            case LT -> ComparisonNode.Op.LT;
            case LE -> ComparisonNode.Op.LE;
            case GT -> ComparisonNode.Op.GT;
            case GE -> ComparisonNode.Op.GE;
            default -> null;
        };
    }

    /**
     * Checks that {@code expr}, parsed from tokens {@code start} (inclusive) to {@code end}, can have type
     * {@code wanted} (an identifier can have any type), else fails naming the first token.
     */
    private Expr require(Expr expr, int start, int end, Type wanted, String hint) {
        if (expr.type() == wanted || expr.type() == Type.ANY) {
            return expr;
        }
        Token first = tokens.get(start);
        String what = end - start == 1 ? expr.type().description() + " " + first.describe()
                : expr.type().description() + " starting with " + first.describe();
        throw error(text, first.position(), "unexpected " + what, hint);
    }

    /** Replaces a sub-expression that does not read the message by its value. */
    private Expr fold(Expr expr) {
        if (expr.depth() > MAX_TREE_DEPTH) {
            throw error(text, tokens.get(index - 1).position(), "expression more than " + MAX_TREE_DEPTH
                    + " operators deep", "write a simpler selector");
        }
        if (expr.constant() && !(expr instanceof Literal)) {
            return new Literal(expr.evaluate(NO_MESSAGE), expr.type());
        }
        return expr;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String hint) {
        Token token = peek();
        if (token.kind() != kind) {
            throw unexpected(token, hint);
        }
        index++;
        return token;
    }

    private BrokerException unexpected(Token token, String hint) {
        String what = token.kind() == Kind.END ? "end of input" : "token " + token.describe();
        return error(text, token.position(), "unexpected " + what, hint);
    }
}
