package io.tributary.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured users' credentials ({@code users.NAME=PASSWORD}), derived once when a broker starts: for
 * SCRAM-SHA-256 a salt, stored key and server key per user (RFC 5802; PBKDF2 runs here, never on an event loop),
 * and for a password check (AMQP's SASL PLAIN, a {@code vm://} connection's user and password) a keyed hash of the
 * password. Protocol-independent: the SASL exchanges themselves belong to the AMQP endpoint.
 *
 * <p>Design note: a name that is not a user gets a fake salt and fake keys derived from the name with a secret made
 * at start, so its SCRAM exchange looks like a user's (the same salt each time, the same steps, the same work) and
 * fails only at its last step; a password check compares fixed-size keyed hashes, so an unknown user and a wrong
 * password take the same time. Nothing tells a client which names exist.
 *
 * <p>Immutable and thread-safe.
 */
public final class Credentials {

    /** PBKDF2 rounds of SCRAM-SHA-256 (the minimum RFC 7677 asks for). */
    public static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The SCRAM-SHA-256 keys of one name; {@code real} is false for a name that is not a user. */
    public record ScramKeys(byte[] salt, byte[] storedKey, byte[] serverKey, boolean real) {
    }

    private final byte[] secret;
    private final Map<String, ScramKeys> scram;
    private final Map<String, byte[]> plain;

    private Credentials(byte[] secret, Map<String, ScramKeys> scram, Map<String, byte[]> plain) {
        this.secret = secret;
        this.scram = scram;
        this.plain = plain;
    }

    /** Derives every user's keys with a fresh salt per user and a fresh secret. */
    public static Credentials derive(Map<String, String> users) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Map<String, ScramKeys> scram = new HashMap<>();
        Map<String, byte[]> plain = new HashMap<>();
        users.forEach((name, password) -> {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            byte[] salted = pbkdf2(password, salt);
            scram.put(name, new ScramKeys(salt, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"), true));
            plain.put(name, hmac(secret, "plain\0" + password));
        });
        return new Credentials(secret, Map.copyOf(scram), Map.copyOf(plain));
    }

    /** The SCRAM keys of {@code name}: the user's, or stable fake ones when there is no such user. */
    public ScramKeys scram(String name) {
        ScramKeys fake = new ScramKeys(Arrays.copyOf(hmac(secret, "salt\0" + name), 16),
                hmac(secret, "stored\0" + name), hmac(secret, "server\0" + name), false);
        ScramKeys real = scram.get(name);
        return real != null ? real : fake;
    }

    /** True when there is no user at all. */
    public boolean isEmpty() {
        return plain.isEmpty();
    }

    /** True when {@code name} is a user and {@code password} is theirs; the same work either way. */
    public boolean passwordMatches(String name, String password) {
        byte[] given = hmac(secret, "plain\0" + password);
        byte[] nobody = hmac(secret, "nobody\0" + name);
        byte[] expected = plain.get(name);
        boolean known = expected != null;
        boolean equal = MessageDigest.isEqual(known ? expected : nobody, given);
        return known & equal;
    }

    /** HMAC-SHA-256 of the UTF-8 bytes of {@code data}. */
    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }
}
