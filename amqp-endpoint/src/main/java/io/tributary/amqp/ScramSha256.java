package io.tributary.amqp;

import io.tributary.core.security.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) without channel binding, against the keys
 * {@link Credentials} derived at start. Every well-formed first message gets a challenge, a name that is not a user
 * included (with its stable fake salt); such an exchange fails at the client's proof, like a wrong password.
 *
 * <p>Not thread-safe; one instance per login, confined to the connection's event loop.
 */
final class ScramSha256 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private String user;
    private String nonce;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private Credentials.ScramKeys keys;

    ScramSha256(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The user name the client gave (known or not), or null before a well-formed first message. */
    String user() {
        return user;
    }

    /** Reads client-first-message; answers server-first-message, or null for a malformed message. */
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
        String name = null;
        for (String attr : clientFirstBare.split(",")) {
            if (attr.startsWith("n=")) {
                name = attr.substring(2).replace("=2C", ",").replace("=3D", "=");
            } else if (attr.startsWith("r=")) {
                clientNonce = attr.substring(2);
            }
        }
        if (name == null || clientNonce == null || clientNonce.isEmpty()) {
            return null;
        }
        user = name;
        keys = credentials.scram(name);
        byte[] serverNonce = new byte[18];
        RANDOM.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(keys.salt()) + ",i="
                + keys.iterations();
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks client-final-message; answers server-final-message, or null when the proof is wrong. */
    byte[] clientFinal(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int proofAt = text.lastIndexOf(",p=");
        if (proofAt < 0 || keys == null) {
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
        byte[] clientSignature = Credentials.hmac(keys.storedKey(), authMessage);
        byte[] serverSignature = Credentials.hmac(keys.serverKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return null;
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean proven = MessageDigest.isEqual(Credentials.sha256(clientKey), keys.storedKey());
        if (!(proven & keys.real())) {
            return null;
        }
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }
}
