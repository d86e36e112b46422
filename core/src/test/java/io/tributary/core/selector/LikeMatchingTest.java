package io.tributary.core.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The LIKE matcher agrees with a regular-expression translation of the same pattern on random input. */
class LikeMatchingTest {

    @Test
    void agreesWithARegularExpressionOracleOnRandomPatterns() {
        Random random = new Random(7);
        String[] patternUnits = {"a", "b", "%", "_", "!%", "!_", "!!"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder p = new StringBuilder();
            for (int k = random.nextInt(7); k > 0; k--) {
                p.append(patternUnits[random.nextInt(patternUnits.length)]);
            }
            String pattern = p.toString();
            String text = randomString(random, "ab%_!", 8);
            Selector selector = Selector.parse("v LIKE '" + pattern + "' ESCAPE '!'");
            boolean actual = selector.matches(name -> text);
            assertEquals(oracle(pattern, '!').matcher(text).matches(), actual,
                    "'" + text + "' LIKE '" + pattern + "' ESCAPE '!'");
        }
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static Pattern oracle(String like, char escape) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == escape) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
