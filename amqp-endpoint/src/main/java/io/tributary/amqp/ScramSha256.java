package io.tributary.amqp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) against plain-text configured passwords,
 * without channel binding. Each connection salts anew.
 *
 * <p>Not thread-safe; one instance per login, confined to the connection's event loop.
 */
final class ScramSha256 {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ITERATIONS = 4096;

    private final Map<String, String> users;
    private String user;
    private String nonce;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private byte[] saltedPassword;

    ScramSha256(Map<String, String> users) {
        this.users = users;
    }

    String user() {
        return user;
    }

    /** Reads client-first-message; answers server-first-message, or null for an unknown user or bad message. */
    byte[] clientFirst(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int first = text.indexOf(',');
        int second = first < 0 ? -1 : text.indexOf(',', first + 1);
        if (second < 0 || !(text.startsWith("n,") || text.startsWith("y,"))) {
            return null;
        }
        gs2Header = text.substring(0, second + 1);
        clientFirstBare = text.substring(second + 1);
        String clientNonce = null;
        for (String attr : clientFirstBare.split(",")) {
            if (attr.startsWith("n=")) {
                user = attr.substring(2).replace("=2C", ",").replace("=3D", "=");
            } else if (attr.startsWith("r=")) {
                clientNonce = attr.substring(2);
            }
        }
        String password = user == null ? null : users.get(user);
        if (password == null || clientNonce == null) {
            return null;
        }
        byte[] salt = new byte[16];
        byte[] serverNonce = new byte[18];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
        saltedPassword = pbkdf2(password, salt);
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks client-final-message; answers server-final-message, or null when the proof is wrong. */
    byte[] clientFinal(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int proofAt = text.lastIndexOf(",p=");
        if (proofAt < 0 || saltedPassword == null) {
            return null;
        }
        String withoutProof = text.substring(0, proofAt);
        String expectedBinding = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!withoutProof.startsWith(expectedBinding + ",") || !withoutProof.contains("r=" + nonce)) {
            return null;
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(text.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = sha256(clientKey);
        byte[] clientSignature = hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            return null;
        }
        byte[] recoveredKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            recoveredKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(sha256(recoveredKey), storedKey)) {
            return null;
        }
        byte[] serverSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
