package io.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void leavesOrdinaryTextAlone() {
        String plain = "orders.eu-west/ünïcode 42";
        assertSame(plain, ClientText.safe(plain));
    }

    @Test
    void escapesNewlinesSoThatAClientCannotForgeALogLine() {
        String forged = ClientText.safe("bob\n2026-12-02 INFO admin logged in");
        assertFalse(forged.contains("\n"));
        assertEquals("bob\\n2026-12-02 INFO admin logged in", forged);
    }

    @Test
    void escapesOtherControlAndDirectionCharacters() {
        assertEquals("a\\u001b[31mb\\r\\t\\u202ec\\u2028", ClientText.safe("a\u001b[31mb\r\t\u202ec\u2028"));
    }

    @Test
    void cutsLongTextAndSaysHowLongItWas() {
        String s = ClientText.safe("x".repeat(10_000));
        assertTrue(s.startsWith("x".repeat(ClientText.MAX_LENGTH) + "...(10000 chars)"), s);
        assertEquals(ClientText.MAX_LENGTH + "...(10000 chars)".length(), s.length());
    }

    @Test
    void printsNullAsNull() {
        assertEquals("null", ClientText.safe(null));
    }
}
