package io.tributary.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Selectors that must not compile: each error names the selector, the 1-based position and the token. */
class InvalidSelectorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # syntax
            color = 'red' AND               | 18 | unexpected end of input
            color =                         | 8  | unexpected end of input
            (a = 1                          | 7  | unexpected end of input; expected ) to close the ( at position 1
            a = 1)                          | 6  | unexpected token ')'
            a = = 1                         | 5  | unexpected token '='
            a == 1                          | 4  | unexpected token '='
            a = 1 b = 2                     | 7  | unexpected token 'b'; expected AND, OR
            a AND OR b                      | 7  | unexpected token 'OR'; expected an expression
            a = 1 = 2                       | 7  | unexpected token '='
            a != 1                          | 3  | unexpected character '!'; write <> for not equal
            a = "red"                       | 5  | unexpected character '\"'; string literals use single quotes
            a # 1                           | 3  | unexpected character '#'
            a = 'red                        | 5  | unterminated string literal
            a = 'it''s                      | 5  | unterminated string literal
            ()                              | 2  | unexpected token ')'; expected an expression
            a IS 5                          | 6  | unexpected token '5'; expected NULL or NOT NULL after IS
            a IS NOT                        | 9  | unexpected end of input
            a NOT 5                         | 7  | unexpected token '5'; expected BETWEEN, IN or LIKE after NOT
            a BETWEEN 1                     | 12 | unexpected end of input; expected AND between the bounds
            a BETWEEN 1 OR 2                | 13 | unexpected token 'OR'
            a = NULL                        | 5  | unexpected token 'NULL'; NULL is not a value
            NULL IS NULL                    | 1  | unexpected token 'NULL'
            # reserved words are no identifiers
            AND = 1                         | 1  | unexpected token 'AND'
            like = 1                        | 1  | unexpected token 'like'
            a = escape                      | 5  | unexpected token 'escape'
            in IS NULL                      | 1  | unexpected token 'in'
            between > 1                     | 1  | unexpected token 'between'
            # numbers
            a = 9223372036854775808         | 5  | number 9223372036854775808 is out of range
            a = -9223372036854775809        | 6  | number -9223372036854775809 is out of range
            a = 1e999                       | 5  | number 1e999 is out of range
            a = 3.5e39f                     | 5  | number 3.5e39f is out of range
            a = 09                          | 5  | number 09 is out of range
            a = 5AND b                      | 5  | malformed number '5AND'
            a = 1e                          | 5  | malformed number '1e'
            a = 0x                          | 5  | malformed number '0x'
            a = 0b                          | 5  | malformed number '0b'
            a = 0b102                       | 5  | malformed number '0b102'
            a = 0xFG                        | 5  | malformed number '0xFG'
            a = 1_000                       | 5  | malformed number '1_000'
            a = 1.2.3                       | 5  | malformed number '1.2.3'
            # types the text alone decides
            'a' + 1 = 2                     | 1  | unexpected string 'a'; '+' needs numeric operands
            a + 'b' = 2                     | 5  | unexpected string 'b'; '+' needs numeric operands
            -'a' = 1                        | 2  | unexpected string 'a'; unary '-' needs a number
            a * TRUE = 1                    | 5  | unexpected condition 'TRUE'; '*' needs numeric operands
            (a = 1) + 1 = 2                 | 1  | unexpected condition starting with '('
            NOT 5                           | 5  | unexpected numeric expression '5'; NOT needs a condition
            NOT 'a'                         | 5  | unexpected string 'a'; NOT needs a condition
            5                               | 1  | unexpected numeric expression '5'; a selector must be a condition
            a + 1                           | 1  | unexpected numeric expression starting with 'a'
            'red'                           | 1  | unexpected string 'red'; a selector must be a condition
            a AND 5                         | 7  | unexpected numeric expression '5'; AND needs conditions
            1 + 2 OR a                      | 1  | unexpected numeric expression starting with '1'; OR needs conditions
            a < 'b'                         | 5  | unexpected string 'b'; strings and booleans compare only with =
            'a' >= a                        | 1  | unexpected string 'a'; strings and booleans compare only
            a > TRUE                        | 5  | unexpected condition 'TRUE'; strings and booleans compare only
            # = and <> between unlike types the text shows (identifiers stay open until run time)
            TRUE = 0                        | 8  | unexpected numeric expression '0'; '=' compares only values
            FALSE = 0                       | 9  | unexpected numeric expression '0'; '=' compares only
            FALSE <> 1.5                    | 10 | unexpected numeric expression '1.5'; '<>' compares only
            0 = TRUE                        | 5  | unexpected condition 'TRUE'; '=' compares only values of one type
            1 = 'a'                         | 5  | unexpected string 'a'; '=' compares only
            'a' = 1                         | 7  | unexpected numeric expression '1'; '=' compares only
            'a' <> TRUE                     | 8  | unexpected condition 'TRUE'
            TRUE = 'true'                   | 8  | unexpected string 'true'
            (a > 1) = 5                     | 11 | unexpected numeric expression '5'; '=' compares only
            (a > 1) = 'x'                   | 11 | unexpected string 'x'
            a + 1 = 'x'                     | 9  | unexpected string 'x'
            a * 2 <> FALSE                  | 10 | unexpected condition 'FALSE'
            'x' = (a = 1)                   | 7  | unexpected condition starting with '('
            'x' = a + 1                     | 7  | unexpected numeric expression starting with 'a'
            TRUE = -(1)                     | 8  | unexpected numeric expression starting with '-'
            a = 1 AND TRUE = 1              | 18 | unexpected numeric expression '1'
            TRUE BETWEEN 1 AND 2            | 1  | unexpected condition 'TRUE'; BETWEEN needs numeric expressions
            a BETWEEN FALSE AND 2           | 11 | unexpected condition 'FALSE'; BETWEEN needs numeric expressions
            TRUE LIKE 'a'                   | 1  | unexpected condition 'TRUE'; LIKE needs a string identifier
            (a = 1) IN ('a')                | 1  | unexpected condition starting with '('; IN needs a string
            - TRUE = 1                      | 3  | unexpected condition 'TRUE'; unary '-' needs a number
            'a' / 2 = 1                     | 1  | unexpected string 'a'; '/' needs numeric operands
            'a' BETWEEN 1 AND 2             | 1  | unexpected string 'a'; BETWEEN needs numeric expressions
            a BETWEEN 'x' AND 2             | 11 | unexpected string 'x'; BETWEEN needs numeric expressions
            a BETWEEN 1 AND 'z'             | 17 | unexpected string 'z'
            # LIKE
            x LIKE 5                        | 8  | unexpected token '5'; expected a string literal pattern after LIKE
            x LIKE y                        | 8  | unexpected token 'y'; expected a string literal pattern
            5 LIKE 'a'                      | 1  | unexpected numeric expression '5'; LIKE needs a string identifier
            x LIKE 'a' ESCAPE ''            | 19 | unexpected token ''; the escape character must be
            x LIKE 'a' ESCAPE 'ab'          | 19 | unexpected token 'ab'; the escape character must be
            x LIKE 'a' ESCAPE 1             | 19 | unexpected token '1'
            x LIKE 'a!b' ESCAPE '!'         | 8  | LIKE pattern 'a!b' has the escape character '!' before 'b'
            x LIKE 'ab!' ESCAPE '!'         | 8  | LIKE pattern 'ab!' has the escape character '!' before its end
            # IN
            x IN ()                         | 7  | unexpected token ')'; IN takes a list of string literals
            x IN ('a',)                     | 11 | unexpected token ')'; IN takes a list of string literals
            x IN ('a' 'b')                  | 11 | unexpected token 'b'; expected , or ) in the list after IN
            x IN (1, 2)                     | 7  | unexpected token '1'; IN takes a list of string literals
            x IN 'a'                        | 6  | unexpected token 'a'; expected ( and a list
            x IN (y)                        | 7  | unexpected token 'y'
            5 IN ('a')                      | 1  | unexpected numeric expression '5'; IN needs a string identifier
            """)
    void rejectsNamingPositionAndToken(String selector, int position, String detail) {
        BrokerException e = assertThrows(BrokerException.class, () -> Selector.parse(selector));
        assertEquals(BrokerException.Kind.INVALID_SELECTOR, e.kind());
        String message = e.getMessage();
        assertTrue(message.startsWith("selector \"" + selector + "\": "), message);
        assertTrue(message.contains(" at position " + position + ";"), message);
        String withoutPosition = message.replaceFirst(" at position \\d+", "");
        assertTrue(withoutPosition.contains(detail), message);
    }

    @Test
    void explainsTheExampleOfTheIssue() {
        BrokerException e = assertThrows(BrokerException.class, () -> Selector.parse("color = 'red' AND"));
        assertEquals("selector \"color = 'red' AND\": unexpected end of input at position 18; expected an expression",
                e.getMessage());
    }

    @Test
    void countsPositionsAcrossLines() {
        BrokerException e = assertThrows(BrokerException.class, () -> Selector.parse("a = 1\nAND\n)"));
        assertTrue(e.getMessage().contains("unexpected token ')' at position 11;"), e.getMessage());
    }
}
