package io.tributary.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured users' credentials, derived once when a broker starts. A user is {@code users.NAME=PASSWORD} or,
 * as {@code bin/tributary user add} writes it, {@code users.NAME=SCRAM-SHA-256$ITERATIONS:SALT$STOREDKEY:SERVERKEY}
 * (base64; the verifier format PostgreSQL also uses), so the file need not hold the password. For SCRAM-SHA-256
 * each user has a salt, stored key and server key (RFC 5802; PBKDF2 runs here, never on an event loop for SCRAM). A
 * password check (AMQP's SASL PLAIN, a {@code vm://} connection's user and password) compares keyed hashes when
 * every user's password is given in clear (no PBKDF2 on the caller's thread, an event loop for AMQP); once a user
 * is stored as a verifier it derives the stored key from the given password with the user's salt and compares it,
 * and remembers a password once found right as a keyed hash, so a client that logs in again skips PBKDF2.
 * Protocol-independent: the SASL exchanges themselves belong to the AMQP endpoint.
 *
 * <p>Design note: a name that is not a user gets a fake salt and fake keys derived from the name with a secret made
 * at start, so its SCRAM exchange looks like a user's (the same salt each time, the same steps, the same work) and
 * fails only at its last step; a password check of an unknown name runs the same PBKDF2 on the fake salt, so an
 * unknown user and a wrong password take the same time. Nothing tells a client which names exist.
 *
 * <p>Thread-safe; immutable but for the remembered passwords.
 */
public final class Credentials {

    /** PBKDF2 rounds of SCRAM-SHA-256 (the minimum RFC 7677 asks for). */
    public static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The prefix of a stored SCRAM-SHA-256 verifier in {@code users.NAME}. */
    public static final String VERIFIER_PREFIX = "SCRAM-SHA-256$";

    /** The SCRAM-SHA-256 keys of one name; {@code real} is false for a name that is not a user. */
    public record ScramKeys(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey, boolean real) {
    }

    private final byte[] secret;
    private final Map<String, ScramKeys> scram;
    /** Per user, the keyed hash of the password last found right (a later login skips PBKDF2). */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    /** True when every user's password is given in clear: checks then compare keyed hashes, no PBKDF2 at all. */
    private final boolean allInClear;

    private Credentials(byte[] secret, Map<String, ScramKeys> scram, boolean allInClear) {
        this.secret = secret;
        this.scram = scram;
        this.allInClear = allInClear;
    }

    /**
     * Derives every user's keys (a fresh salt for a password given in clear) and a fresh secret.
     *
     * @throws IllegalArgumentException naming the user whose stored verifier is malformed
     */
    public static Credentials derive(Map<String, String> users) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Map<String, ScramKeys> scram = new HashMap<>();
        Map<String, byte[]> clear = new HashMap<>();
        users.forEach((name, password) -> {
            if (password.startsWith(VERIFIER_PREFIX)) {
                scram.put(name, parseVerifier(name, password));
            } else {
                scram.put(name, keys(password, newSalt(), ITERATIONS));
                clear.put(name, hmac(secret, "password\0" + name + "\0" + password));
            }
        });
        Credentials c = new Credentials(secret, Map.copyOf(scram), clear.size() == users.size());
        c.verified.putAll(clear);
        return c;
    }

    /** The stored form of {@code password} for {@code users.NAME}: a SCRAM-SHA-256 verifier with a new salt. */
    public static String verifier(String password) {
        ScramKeys k = keys(password, newSalt(), ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return VERIFIER_PREFIX + k.iterations() + ":" + b64.encodeToString(k.salt()) + "$"
                + b64.encodeToString(k.storedKey()) + ":" + b64.encodeToString(k.serverKey());
    }

    /**
     * Checks the value of {@code users.NAME}: a password in clear, or a well-formed verifier.
     *
     * @throws IllegalArgumentException saying what is wrong with a verifier
     */
    public static void checkStored(String name, String value) {
        if (value.startsWith(VERIFIER_PREFIX)) {
            parseVerifier(name, value);
        }
    }

    private static ScramKeys parseVerifier(String name, String stored) {
        String[] parts = stored.substring(VERIFIER_PREFIX.length()).split("[:$]");
        try {
            if (parts.length != 4) {
                throw new IllegalArgumentException("expected ITERATIONS:SALT$STOREDKEY:SERVERKEY");
            }
            int iterations = Integer.parseInt(parts[0]);
            if (iterations < ITERATIONS) {
                throw new IllegalArgumentException("at least " + ITERATIONS + " iterations are needed");
            }
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] storedKey = b64.decode(parts[2]);
            byte[] serverKey = b64.decode(parts[3]);
            if (storedKey.length != 32 || serverKey.length != 32) {
                throw new IllegalArgumentException("the keys must be 32 bytes");
            }
            return new ScramKeys(b64.decode(parts[1]), iterations, storedKey, serverKey, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("users." + name + " starts with " + VERIFIER_PREFIX + " but is not a"
                    + " SCRAM-SHA-256 verifier (" + e.getMessage() + "); write it with 'tributary user add " + name
                    + "'", e);
        }
    }

    private static byte[] newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    private static ScramKeys keys(String password, byte[] salt, int iterations) {
        byte[] salted = pbkdf2(password, salt, iterations);
        return new ScramKeys(salt, iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"), true);
    }

    /** The SCRAM keys of {@code name}: the user's, or stable fake ones when there is no such user. */
    public ScramKeys scram(String name) {
        ScramKeys real = scram.get(name);
        return real != null ? real : new ScramKeys(Arrays.copyOf(hmac(secret, "salt\0" + name), 16), ITERATIONS,
                hmac(secret, "stored\0" + name), hmac(secret, "server\0" + name), false);
    }

    /** True when there is no user at all. */
    public boolean isEmpty() {
        return scram.isEmpty();
    }

    /**
     * True when {@code name} is a user and {@code password} is theirs: the stored key derived from the password
     * with the user's salt (or, for an unknown name, a fake salt: the same work) must match.
     */
    public boolean passwordMatches(String name, String password) {
        byte[] given = hmac(secret, "password\0" + name + "\0" + password);
        byte[] remembered = verified.get(name);
        if (remembered != null && MessageDigest.isEqual(remembered, given)) {
            return true;
        }
        if (allInClear) { // every password is known in clear: a keyed-hash compare decides, for users and others alike
            MessageDigest.isEqual(hmac(secret, "nobody\0" + name), given);
            return false;
        }
        ScramKeys k = scram(name);
        byte[] salted = pbkdf2(password, k.salt(), k.iterations());
        boolean equal = MessageDigest.isEqual(k.storedKey(), sha256(hmac(salted, "Client Key")));
        if (equal && k.real()) {
            verified.put(name, given);
        }
        return equal & k.real();
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

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }
}
