package io.tributary.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The selector language against one fixed message. Each row says whether the selector is TRUE, FALSE
 * or UNKNOWN; UNKNOWN is told apart from FALSE because neither the selector nor its negation matches.
 */
class SelectorTest {

    static final Filterable MESSAGE = properties();

    private static Filterable properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("s", "red");
        p.put("S", "RED");
        p.put("empty", "");
        p.put("quote", "it's");
        p.put("pct", "100%");
        p.put("under", "a_b");
        p.put("dot", "a.c");
        p.put("backslash", "a\\b");
        p.put("emoji", "x\uD83D\uDE00y");
        p.put("i", 5);
        p.put("neg", -5);
        p.put("zero", 0);
        p.put("maxInt", Integer.MAX_VALUE);
        p.put("l", 5_000_000_000L);
        p.put("by", (byte) 3);
        p.put("sh", (short) 4);
        p.put("f", 1.5f);
        p.put("f11", 1.1f);
        p.put("d", 2.5);
        p.put("nan", Double.NaN);
        p.put("t", true);
        p.put("fa", false);
        p.put("numText", "2");
        p.put("JMSPriority", 7);
        p.put("JMSDeliveryMode", "PERSISTENT");
        p.put("JMSType", "order");
        p.put("JMSMessageID", "ID:42");
        p.put("JMSCorrelationID", "corr-1");
        p.put("JMSTimestamp", 1_700_000_000_000L);
        p.put("JMSXDeliveryCount", 2);
        p.put("JMSRedelivered", true);
        p.put("JMSExpiration", 1L);
        p.put("JMSDestination", "queue");
        p.put("ünïcödé", "yes");
        p.put("$dollar_1", 1);
        return p::get;
    }

    enum Truth { TRUE, FALSE, UNKNOWN }

    @ParameterizedTest(name = "[{index}] {0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # literals and identifiers
            TRUE                                  | TRUE
            FALSE                                 | FALSE
            true                                  | TRUE
            fAlSe                                 | FALSE
            t                                     | TRUE
            fa                                    | FALSE
            missing                               | UNKNOWN
            s                                     | UNKNOWN
            i                                     | UNKNOWN
            (t)                                   | TRUE
            ((((t))))                             | TRUE
            # three-valued AND
            TRUE AND TRUE                         | TRUE
            TRUE AND FALSE                        | FALSE
            FALSE AND TRUE                        | FALSE
            FALSE AND FALSE                       | FALSE
            TRUE AND missing                      | UNKNOWN
            missing AND TRUE                      | UNKNOWN
            FALSE AND missing                     | FALSE
            missing AND FALSE                     | FALSE
            missing AND missing                   | UNKNOWN
            # three-valued OR
            TRUE OR TRUE                          | TRUE
            TRUE OR FALSE                         | TRUE
            FALSE OR TRUE                         | TRUE
            FALSE OR FALSE                        | FALSE
            TRUE OR missing                       | TRUE
            missing OR TRUE                       | TRUE
            FALSE OR missing                      | UNKNOWN
            missing OR FALSE                      | UNKNOWN
            missing OR missing                    | UNKNOWN
            # three-valued NOT
            NOT TRUE                              | FALSE
            NOT FALSE                             | TRUE
            NOT missing                           | UNKNOWN
            NOT NOT t                             | TRUE
            not not not t                         | FALSE
            # precedence: NOT over AND over OR, left to right
            TRUE OR TRUE AND FALSE                | TRUE
            (TRUE OR TRUE) AND FALSE              | FALSE
            NOT FALSE AND FALSE                   | FALSE
            NOT (FALSE AND FALSE)                 | TRUE
            FALSE AND FALSE OR TRUE               | TRUE
            # comparison of numbers with promotion
            i = 5                                 | TRUE
            i = 5.0                               | TRUE
            i <> 5                                | FALSE
            i > 4                                 | TRUE
            i >= 5                                | TRUE
            i < 5                                 | FALSE
            i <= 5                                | TRUE
            i < 5.5                               | TRUE
            by = 3                                | TRUE
            sh = 4                                | TRUE
            by < sh                               | TRUE
            l = 5000000000                        | TRUE
            l > i                                 | TRUE
            l = 5E9                               | TRUE
            f = 1.5                               | TRUE
            f = 1.5F                              | TRUE
            f11 = 1.1                             | FALSE
            f11 = 1.1f                            | TRUE
            d > f                                 | TRUE
            d = 2.5d                              | TRUE
            i = 0x5                               | TRUE
            i = 05                                | TRUE
            i = 5L                                | TRUE
            i = 0b101                             | TRUE
            i = 0B101L                            | TRUE
            i = 0X5l                              | TRUE
            JMSPriority = 7.0                     | TRUE
            +by = 3                               | TRUE
            -by = -3                              | TRUE
            -sh < by                              | TRUE
            zero = 0                              | TRUE
            neg = -5                              | TRUE
            neg = - 5                             | TRUE
            neg < +0                              | TRUE
            -neg = i                              | TRUE
            9223372036854775807 > 0               | TRUE
            -9223372036854775808 < 0              | TRUE
            0xFFFFFFFFFFFFFFFF = -1               | TRUE
            1e308 > 1E307                         | TRUE
            .5 = 0.5                              | TRUE
            5. = 5                                | TRUE
            7E3 = 7000                            | TRUE
            -57.9E2 = -5790                       | TRUE
            1e-3 = 0.001                          | TRUE
            nan = nan                             | FALSE
            nan <> nan                            | TRUE
            nan < 1                               | FALSE
            # NULL in comparisons and arithmetic
            missing = 5                           | UNKNOWN
            missing <> 5                          | UNKNOWN
            5 = missing                           | UNKNOWN
            missing = missing                     | UNKNOWN
            missing + 1 = 1                       | UNKNOWN
            -missing = 1                          | UNKNOWN
            missing IS NULL                       | TRUE
            missing IS NOT NULL                   | FALSE
            i IS NULL                             | FALSE
            i IS NOT NULL                         | TRUE
            (missing + 1) IS NULL                 | TRUE
            # arithmetic
            i + 1 = 6                             | TRUE
            i - 1 = 4                             | TRUE
            i * 2 = 10                            | TRUE
            i / 2 = 2                             | TRUE
            i / 2.0 = 2.5                         | TRUE
            d * 2 = 5                             | TRUE
            1 + 2 * 3 = 7                         | TRUE
            (1 + 2) * 3 = 9                       | TRUE
            10 - 4 - 3 = 3                        | TRUE
            100 / 10 / 5 = 2                      | TRUE
            -i * -2 = 10                          | TRUE
            2 - -2 = 4                            | TRUE
            maxInt + maxInt < 0                   | TRUE
            maxInt + 1 > 0                        | TRUE
            maxInt * 1.0 + maxInt > 0             | TRUE
            i / 0 = 1                             | UNKNOWN
            i / zero > 0                          | UNKNOWN
            1 / 0 IS NULL                         | TRUE
            i / 0.0 > 1e308                       | TRUE
            d / zero > 1e308                      | TRUE
            -d / 0 < 0                            | TRUE
            l * 2 = 10000000000                   | TRUE
            i / 2 * 2 = 4                         | TRUE
            f * 2 = 3                             | TRUE
            f + d = 4                             | TRUE
            by * sh = 12                          | TRUE
            -9223372036854775808 - 1 > 0          | TRUE
            numText + 1 = 3                       | UNKNOWN
            numText > 1                           | FALSE
            t + 1 = 2                             | UNKNOWN
            # strings and booleans: = and <> only, unlike types are FALSE
            s = 'red'                             | TRUE
            s <> 'red'                            | FALSE
            s = 'RED'                             | FALSE
            S = 'RED'                             | TRUE
            s = S                                 | FALSE
            s < S                                 | UNKNOWN
            s = 5                                 | FALSE
            s <> 5                                | FALSE
            i = '5'                               | FALSE
            empty = ''                            | TRUE
            quote = 'it''s'                       | TRUE
            'it''s' = quote                       | TRUE
            'a' = 'a'                             | TRUE
            t = TRUE                              | TRUE
            t <> FALSE                            | TRUE
            t = fa                                | FALSE
            t = 1                                 | FALSE
            (i = 5) = TRUE                        | TRUE
            (i = 5) <> (s = 'red')                | FALSE
            fa = missing                          | UNKNOWN
            # identifiers' types are known only at run time: unlike types are FALSE, not errors
            t = 0                                 | FALSE
            i = TRUE                              | FALSE
            s = TRUE                              | FALSE
            TRUE = t                              | TRUE
            5 = i                                 | TRUE
            'red' = s                             | TRUE
            i + 1 = t                             | FALSE
            1 = 1.0                               | TRUE
            (i = 5) = (t = TRUE)                  | TRUE
            missing = TRUE                        | UNKNOWN
            # BETWEEN
            i BETWEEN 1 AND 10                    | TRUE
            i BETWEEN 5 AND 5                     | TRUE
            i BETWEEN 6 AND 10                    | FALSE
            i BETWEEN 10 AND 1                    | FALSE
            i NOT BETWEEN 1 AND 10                | FALSE
            i NOT BETWEEN 6 AND 10                | TRUE
            d BETWEEN 2 AND 3                     | TRUE
            i BETWEEN 4.5 AND 5.5                 | TRUE
            i + 1 BETWEEN 2 * 3 AND 7             | TRUE
            missing BETWEEN 1 AND 10              | UNKNOWN
            missing NOT BETWEEN 1 AND 10          | UNKNOWN
            i BETWEEN missing AND 10              | UNKNOWN
            i BETWEEN missing AND 4               | FALSE
            i NOT BETWEEN missing AND 4           | TRUE
            i BETWEEN 6 AND missing               | FALSE
            s BETWEEN 1 AND 10                    | FALSE
            i between 1 and 10 and t              | TRUE
            # IN
            s IN ('red', 'green')                 | TRUE
            s IN ('blue')                         | FALSE
            s IN ('red', 'red')                   | TRUE
            s IN ('blue', 'green', 'white', 'red') | TRUE
            s NOT IN ('red', 'green')             | FALSE
            s NOT IN ('blue', 'green')            | TRUE
            s in ('RED')                          | FALSE
            missing IN ('red')                    | UNKNOWN
            missing NOT IN ('red')                | UNKNOWN
            i IN ('5')                            | UNKNOWN
            quote IN ('it''s')                    | TRUE
            empty IN ('')                         | TRUE
            # LIKE
            s LIKE 'red'                          | TRUE
            s LIKE 're_'                          | TRUE
            s LIKE 'r%'                           | TRUE
            s LIKE '%d'                           | TRUE
            s LIKE '%e%'                          | TRUE
            s LIKE '%'                            | TRUE
            s LIKE '___'                          | TRUE
            s LIKE '__'                           | FALSE
            s LIKE '____'                         | FALSE
            s LIKE 'R%'                           | FALSE
            s LIKE '%%%r%%e%%d%%%'                | TRUE
            s LIKE 'r%e%d%'                       | TRUE
            s LIKE 'r%x'                          | FALSE
            dot LIKE 'a.c'                        | TRUE
            s LIKE 'r.d'                          | FALSE
            s LIKE '.*'                           | FALSE
            s LIKE '[r]ed'                        | FALSE
            pct LIKE '100%%' ESCAPE '%'           | TRUE
            pct LIKE '1%%' ESCAPE '%'             | FALSE
            s NOT LIKE 'r%'                       | FALSE
            s NOT LIKE 'b%'                       | TRUE
            empty LIKE '%'                        | TRUE
            empty LIKE '_'                        | FALSE
            emoji LIKE 'x_y'                      | TRUE
            emoji LIKE 'x__y'                     | FALSE
            quote LIKE 'it''_'                    | TRUE
            pct LIKE '100\\%' ESCAPE '\\'         | TRUE
            pct LIKE '100!%' ESCAPE '!'           | TRUE
            s LIKE 're!%' ESCAPE '!'              | FALSE
            pct LIKE '%!%' ESCAPE '!'             | TRUE
            under LIKE 'a!_b' ESCAPE '!'          | TRUE
            s LIKE 'r!_d' ESCAPE '!'              | FALSE
            backslash LIKE 'a\\\\b' ESCAPE '\\'   | TRUE
            backslash LIKE 'a\\b'                 | TRUE
            under LIKE 'a__b' ESCAPE '_'          | TRUE
            s LIKE 'r__d' ESCAPE '_'              | FALSE
            missing LIKE '%'                      | UNKNOWN
            missing NOT LIKE '%'                  | UNKNOWN
            i LIKE '5'                            | UNKNOWN
            s like 'r%' escape '!'                | TRUE
            s Like 'r%' EsCaPe '!'                | TRUE
            missing Is Not Null                   | FALSE
            i NoT BeTwEeN 1 aNd 3                 | TRUE
            s nOt In ('blue')                     | TRUE
            NOT t Or t                            | TRUE
            # identifiers: case-sensitive, Java identifier characters
            S = 'red'                             | FALSE
            ünïcödé = 'yes'                       | TRUE
            $dollar_1 = 1                         | TRUE
            # header fields
            JMSPriority > 5                       | TRUE
            JMSPriority BETWEEN 5 AND 9           | TRUE
            JMSDeliveryMode = 'PERSISTENT'        | TRUE
            JMSType = 'order'                     | TRUE
            JMSMessageID LIKE 'ID:%'              | TRUE
            JMSCorrelationID = 'corr-1'           | TRUE
            JMSTimestamp > 1600000000000          | TRUE
            JMSXDeliveryCount > 1                 | TRUE
            JMSRedelivered = TRUE                 | UNKNOWN
            JMSRedelivered IS NULL                | TRUE
            JMSExpiration IS NULL                 | TRUE
            JMSDestination IS NULL                | TRUE
            JMSReplyTo IS NULL                    | TRUE
            JMSDeliveryTime IS NULL               | TRUE
            # whitespace
            "  s\t=\n'red'\r\f"                   | TRUE
            i=5 AND(s='red')OR(t)                 | TRUE
            """)
    void evaluatesWithThreeValuedLogic(String selector, Truth expected) {
        boolean matches = Selector.parse(selector).matches(MESSAGE);
        boolean negationMatches = Selector.parse("NOT (" + selector + ")").matches(MESSAGE);
        Truth actual = matches ? Truth.TRUE : negationMatches ? Truth.FALSE : Truth.UNKNOWN;
        assertEquals(expected, actual, selector);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n "})
    void blankTextMatchesEverything(String text) {
        Selector selector = Selector.parse(text);
        assertTrue(selector.matches(MESSAGE));
        assertTrue(selector.matches(name -> null));
        assertEquals(text, selector.text());
    }

    @Test
    void nullTextMatchesEverything() {
        assertTrue(Selector.parse(null).matches(MESSAGE));
        assertEquals("", Selector.parse(null).text());
    }

    @Test
    void keepsTheSourceText() {
        assertEquals("color = 'red'", Selector.parse("color = 'red'").text());
    }

    @Test
    void foldsConstantSubExpressionsAtCompileTime() {
        CompiledSelector s = (CompiledSelector) Selector.parse("i > 2 * 3 + -(1) AND 'a' = 'a'");
        assertEquals("((i > 5) AND true)", s.tree());
    }

    @Test
    void readsEachIdentifierFromTheMessageOnEveryEvaluation() {
        Selector selector = Selector.parse("color = 'red'");
        assertTrue(selector.matches(name -> "color".equals(name) ? "red" : null));
        assertFalse(selector.matches(name -> "color".equals(name) ? "blue" : null));
        assertFalse(selector.matches(name -> null));
    }

    @Test
    void treatsValuesOfUnsupportedTypesAsUnlikeEverything() {
        Filterable odd = name -> new StringBuilder("red");
        assertFalse(Selector.parse("x = 'red'").matches(odd));
        assertFalse(Selector.parse("x + 1 = 1").matches(odd));
        assertFalse(Selector.parse("x LIKE '%'").matches(odd));
        assertFalse(Selector.parse("x").matches(odd));
    }

    @Test
    void failsWithInvalidSelectorKind() {
        BrokerException e = assertThrows(BrokerException.class, () -> Selector.parse("color = 'red' AND"));
        assertEquals(BrokerException.Kind.INVALID_SELECTOR, e.kind());
    }
}
