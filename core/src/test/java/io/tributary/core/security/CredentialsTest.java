package io.tributary.core.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials derived once at start; unknown names get stable fake keys. */
class CredentialsTest {

    private final Credentials credentials = Credentials.derive(Map.of("alice", "s3cret", "bob", "pa55word"));

    @Test
    void passwordMatchesOnlyAUsersOwnPassword() {
        assertTrue(credentials.passwordMatches("alice", "s3cret"));
        assertFalse(credentials.passwordMatches("alice", "pa55word"));
        assertFalse(credentials.passwordMatches("nobody", "s3cret"));
        assertFalse(credentials.passwordMatches("nobody", ""));
    }

    @Test
    void scramKeysOfAUserAreDerivedOnceAndAnUnknownNameGetsStableFakeOnes() {
        Credentials.ScramKeys alice = credentials.scram("alice");
        assertTrue(alice.real());
        assertArrayEquals(alice.storedKey(), credentials.scram("alice").storedKey());
        Credentials.ScramKeys mallory = credentials.scram("mallory");
        assertFalse(mallory.real());
        assertArrayEquals(mallory.salt(), credentials.scram("mallory").salt());
        assertFalse(Arrays.equals(mallory.salt(), credentials.scram("trudy").salt()));
        assertTrue(mallory.salt().length == alice.salt().length && mallory.storedKey().length == 32);
    }

    @Test
    void aStoredVerifierChecksThePasswordItWasMadeFromAndKeepsTheSameScramKeys() {
        String verifier = Credentials.verifier("wonderland");
        assertFalse(verifier.contains("wonderland"));
        Credentials c = Credentials.derive(Map.of("alice", verifier));
        assertTrue(c.passwordMatches("alice", "wonderland"));
        assertTrue(c.passwordMatches("alice", "wonderland"), "again, from what it remembers");
        assertFalse(c.passwordMatches("alice", "looking-glass"));
        assertFalse(c.passwordMatches("bob", "wonderland"));
        assertTrue(c.scram("alice").real());
        assertEquals(Credentials.ITERATIONS, c.scram("alice").iterations());
    }

    @Test
    void aMalformedVerifierNamesTheUserAndTheCommandThatWritesOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Credentials.checkStored("alice", "SCRAM-SHA-256$4096:abc"));
        assertTrue(e.getMessage().contains("users.alice") && e.getMessage().contains("tributary user add alice"),
                e.getMessage());
        Credentials.checkStored("bob", "a password in clear");
    }
}
