package io.tributary.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.tributary.core.BrokerException;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile and huge selectors fail cleanly or work; evaluation does not allocate. */
@Timeout(60)
class SelectorRobustnessTest {

    private static final Filterable MESSAGE = SelectorTest.MESSAGE;

    @Test
    void acceptsParenthesesNestedUpToTheLimit() {
        int n = SelectorParser.MAX_NESTING;
        assertTrue(Selector.parse("(".repeat(n) + "t" + ")".repeat(n)).matches(MESSAGE));
    }

    @Test
    void rejectsDeeperNestingAsInvalidSelector() {
        int n = SelectorParser.MAX_NESTING + 1;
        assertInvalid("(".repeat(n) + "t" + ")".repeat(n), "nest more than 100 levels deep");
        assertInvalid("(".repeat(100_000), "nest more than 100 levels deep");
        assertInvalid("NOT ".repeat(100_000) + "t", "nest more than 100 levels deep");
        assertInvalid("-".repeat(100_000) + "1 = 1", "nest more than 100 levels deep");
    }

    @Test
    void rejectsArithmeticChainsDeeperThanTheTreeLimit() {
        assertInvalid("i" + " + i".repeat(SelectorParser.MAX_TREE_DEPTH) + " > 0", "operators deep");
        assertTrue(Selector.parse("i" + " + i".repeat(100) + " > 0").matches(MESSAGE));
    }

    @Test
    void evaluatesTenThousandAlternatives() {
        StringJoiner or = new StringJoiner(" OR ");
        StringJoiner and = new StringJoiner(" AND ");
        for (int i = 0; i < 10_000; i++) {
            or.add("s = 'v" + i + "'");
            and.add("i <> " + (i + 10));
        }
        Filterable last = name -> "s".equals(name) ? "v9999" : null;
        assertTrue(Selector.parse(or.toString()).matches(last));
        assertFalse(Selector.parse(or.toString()).matches(MESSAGE));
        assertTrue(Selector.parse(and.toString()).matches(MESSAGE));
    }

    @Test
    void neverFailsWithAnythingButInvalidSelectorOnRandomTokens() {
        String[] vocabulary = {"a", "s", "i", "d", "t", "missing", "'x'", "'red'", "'%'", "1", "-1", "2.5", "0x1F",
            "1e3", "TRUE", "FALSE", "NULL", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE", "(", ")",
            ",", "=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "'", "!", "..", "9999999999999999999"};
        Random random = new Random(20240601);
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringJoiner text = new StringJoiner(" ");
            int length = 1 + random.nextInt(9);
            for (int k = 0; k < length; k++) {
                text.add(vocabulary[random.nextInt(vocabulary.length)]);
            }
            Selector selector;
            try {
                selector = Selector.parse(text.toString());
            } catch (BrokerException e) {
                assertEquals(BrokerException.Kind.INVALID_SELECTOR, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains(" at position "), e.getMessage());
                continue;
            }
            parsed++;
            selector.matches(MESSAGE);
            selector.matches(name -> null);
        }
        assertTrue(parsed > 100, "too few random selectors parsed to be meaningful: " + parsed);
    }

    @Test
    void evaluatesComparisonsLikeInAndBetweenWithoutAllocating() {
        Selector selector = Selector.parse("(s = 'red' OR s LIKE 'bl%e') AND s NOT IN ('green', 'white') "
                + "AND i BETWEEN 1 AND 10 AND d > 1.5 AND JMSPriority >= 4 AND missing IS NULL AND t");
        int evaluations = 100_000;
        assertTrue(allocatedBytes(selector, evaluations) < evaluations, "allocates per evaluation");
    }

    @Test
    void measuresTheBoxingOfFloatingPointArithmetic() {
        Selector boxing = Selector.parse("d * 2.0 > 1");
        int evaluations = 100_000;
        assertTrue(allocatedBytes(boxing, evaluations) >= 16L * evaluations, "the allocation counter works");
    }

    private static long allocatedBytes(Selector selector, int evaluations) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int n = 0; n < 20_000; n++) {
            assertTrue(selector.matches(MESSAGE));
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int n = 0; n < evaluations; n++) {
            selector.matches(MESSAGE);
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void shortensHugeSelectorsInErrorMessages() {
        BrokerException e = assertThrows(BrokerException.class, () -> Selector.parse("a = 1 AND " + "b ".repeat(5000)));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
        assertTrue(e.getMessage().contains("... (10010 characters)\": unexpected token 'b' at position 13;"),
                e.getMessage());
    }

    private static void assertInvalid(String selector, String detail) {
        BrokerException e = assertThrows(BrokerException.class, () -> Selector.parse(selector));
        assertEquals(BrokerException.Kind.INVALID_SELECTOR, e.kind());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }
}
