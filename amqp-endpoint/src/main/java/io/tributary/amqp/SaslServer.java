package io.tributary.amqp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of SASL for one connection: ANONYMOUS (unless switched off), PLAIN and SCRAM-SHA-256 against
 * the configured users. A failed login answers the {@code auth} outcome; the connection then closes.
 *
 * <p>Not thread-safe; confined to the connection's event loop (Proton-J calls it from {@code process()}).
 */
final class SaslServer implements SaslListener {

    private static final Logger LOG = LoggerFactory.getLogger(SaslServer.class);

    static final String ANONYMOUS = "ANONYMOUS";
    static final String PLAIN = "PLAIN";
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final AmqpServerConfig config;
    private final String peer;
    private ScramSha256 scram;
    private String user;
    private boolean failed;

    SaslServer(AmqpServerConfig config, String peer) {
        this.config = config;
        this.peer = peer;
    }

    /** Makes {@code transport} a SASL server with the mechanisms the configuration allows. */
    void attach(Transport transport) {
        Sasl sasl = transport.sasl();
        sasl.server();
        List<String> mechanisms = new ArrayList<>();
        if (!config.users().isEmpty()) {
            mechanisms.add(SCRAM_SHA_256);
            mechanisms.add(PLAIN);
        }
        if (config.allowAnonymous()) {
            mechanisms.add(ANONYMOUS);
        }
        sasl.setMechanisms(mechanisms.toArray(new String[0]));
        sasl.allowSkip(config.allowAnonymous());
        sasl.setListener(this);
    }

    /** The authenticated user, or null when anonymous. */
    String user() {
        return user;
    }

    /** True once a login failed; the connection is to be closed after the outcome is written. */
    boolean failed() {
        return failed;
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] requested = sasl.getRemoteMechanisms();
        String mechanism = requested == null || requested.length == 0 ? "" : requested[0];
        byte[] response = read(sasl);
        switch (mechanism) {
            case ANONYMOUS -> finish(sasl, config.allowAnonymous(), null, "anonymous login is switched off");
            case PLAIN -> plain(sasl, response);
            case SCRAM_SHA_256 -> scramFirst(sasl, response);
            default -> finish(sasl, false, null, "mechanism '" + mechanism + "' is not offered");
        }
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        byte[] response = read(sasl);
        if (scram == null) {
            finish(sasl, false, null, "unexpected SASL response");
            return;
        }
        byte[] serverFinal = scram.clientFinal(response);
        if (serverFinal == null) {
            finish(sasl, false, scram.user(), "wrong password");
            return;
        }
        // done() first: Proton-J then carries the server-final message as the outcome's additional data
        finish(sasl, true, scram.user(), null);
        sasl.send(serverFinal, 0, serverFinal.length);
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
        // client side only
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
        // client side only
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        // client side only
    }

    private void plain(Sasl sasl, byte[] response) {
        String text = new String(response, StandardCharsets.UTF_8);
        String[] parts = text.split("\0", -1);
        if (parts.length != 3) {
            finish(sasl, false, null, "malformed PLAIN response");
            return;
        }
        String name = parts[1];
        String expected = config.users().get(name);
        boolean ok = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                parts[2].getBytes(StandardCharsets.UTF_8));
        finish(sasl, ok, name, expected == null ? "unknown user" : "wrong password");
    }

    private void scramFirst(Sasl sasl, byte[] response) {
        scram = new ScramSha256(config.users());
        byte[] challenge = scram.clientFirst(response);
        if (challenge == null) {
            finish(sasl, false, scram.user(), "unknown user or malformed SCRAM message");
            return;
        }
        sasl.send(challenge, 0, challenge.length);
    }

    private void finish(Sasl sasl, boolean ok, String name, String reason) {
        if (ok) {
            user = name;
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        } else {
            failed = true;
            LOG.info("[{}] SASL login failed for user '{}': {}", peer, name, reason);
            sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
        }
    }

    private static byte[] read(Sasl sasl) {
        int n = sasl.pending();
        byte[] bytes = new byte[Math.max(0, n)];
        if (n > 0) {
            sasl.recv(bytes, 0, n);
        }
        return bytes;
    }
}
