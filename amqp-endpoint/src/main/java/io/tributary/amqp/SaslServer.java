package io.tributary.amqp;

import io.tributary.core.ClientText;
import io.tributary.core.security.Audit;
import io.tributary.core.security.Credentials;
import io.tributary.core.security.LoginThrottle;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of SASL for one connection: ANONYMOUS (unless switched off), PLAIN and SCRAM-SHA-256 against
 * the configured users ({@link Credentials}). A failed login answers the {@code auth} outcome, held back by the
 * {@link LoginThrottle}; the connection then closes. An unknown user and a wrong password are answered alike.
 *
 * <p>Not thread-safe; confined to the connection's event loop (Proton-J calls it from {@code process()}, held-back
 * outcomes run from tasks scheduled on the same loop).
 *
 * <p>Design note: nothing thrown here may escape into Proton-J's {@code process()}: the connection treats whatever
 * comes out of it as the client's malformed input. A failure of our own answers the {@code sys} outcome instead.
 */
final class SaslServer implements SaslListener {

    private static final Logger LOG = LoggerFactory.getLogger(SaslServer.class);

    static final String ANONYMOUS = "ANONYMOUS";
    static final String PLAIN = "PLAIN";
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    /** What the SASL exchange needs from its connection. */
    interface Host {
        /** Runs {@code answer} on the connection's loop after {@code millis} (unless it closed), then flushes. */
        void later(long millis, Runnable answer);

        /** The login succeeded and its outcome went out. */
        void loggedIn();
    }

    private final AmqpServerConfig config;
    private final Credentials credentials;
    private final LoginThrottle throttle;
    private final InetAddress address;
    private final String peer;
    private final Host host;
    private ScramSha256 scram;
    private String user;
    private boolean failed;
    private boolean judged;

    SaslServer(AmqpServer server, InetAddress address, String peer, Host host) {
        this.config = server.config();
        this.credentials = server.credentials();
        this.throttle = server.loginThrottle();
        this.address = address;
        this.peer = peer;
        this.host = host;
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
        try {
            String[] requested = sasl.getRemoteMechanisms();
            String mechanism = requested == null || requested.length == 0 ? "" : requested[0];
            byte[] response = read(sasl);
            switch (mechanism) {
                case ANONYMOUS -> judge(sasl, config.allowAnonymous(), null, null, "anonymous login is switched off");
                case PLAIN -> plain(sasl, response);
                case SCRAM_SHA_256 -> scramFirst(sasl, response);
                default -> judge(sasl, false, null, null, "mechanism '" + ClientText.safe(mechanism)
                        + "' is not offered");
            }
        } catch (RuntimeException e) {
            internalFailure(sasl, e);
        }
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        try {
            byte[] response = read(sasl);
            if (scram == null || judged) {
                judge(sasl, false, null, null, "unexpected SASL response");
                return;
            }
            byte[] serverFinal = scram.clientFinal(response);
            judge(sasl, serverFinal != null, scram.user(), serverFinal, "wrong password or unknown user");
        } catch (RuntimeException e) {
            internalFailure(sasl, e);
        }
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
            judge(sasl, false, null, null, "malformed PLAIN response");
            return;
        }
        judge(sasl, credentials.passwordMatches(parts[1], parts[2]), parts[1], null, "wrong password or unknown user");
    }

    /** The first SCRAM step answers a challenge to every well-formed message; only the proof is judged. */
    private void scramFirst(Sasl sasl, byte[] response) {
        scram = new ScramSha256(credentials);
        byte[] challenge = scram.clientFirst(response);
        if (challenge == null) {
            judge(sasl, false, null, null, "malformed SCRAM client-first message");
            return;
        }
        sasl.send(challenge, 0, challenge.length);
    }

    /**
     * Answers a judged login, now or after the throttle's hold. {@code serverFinal}, for SCRAM, goes out with a
     * success as the outcome's additional data.
     */
    private void judge(Sasl sasl, boolean ok, String name, byte[] serverFinal, String reason) {
        judged = true;
        LoginThrottle.Hold hold = throttle.judged(address, ok);
        if (hold.refused()) {
            LOG.info("[{}] SASL login of '{}' turned away: too many failed logins from this address lately; "
                    + "answered with a temporary failure", peer, ClientText.safe(name));
            answer(sasl, Sasl.SaslOutcome.PN_SASL_TEMP, null);
            return;
        }
        if (!ok) {
            Audit.loginFailed("AMQP SASL from " + peer, name, reason
                    + (hold.millis() > 0 ? " (answered after " + hold.millis() + " ms)" : ""));
        }
        Sasl.SaslOutcome outcome = ok ? Sasl.SaslOutcome.PN_SASL_OK : Sasl.SaslOutcome.PN_SASL_AUTH;
        Runnable respond = () -> {
            user = ok ? name : null;
            answer(sasl, outcome, serverFinal);
        };
        if (hold.millis() == 0) {
            respond.run();
        } else {
            host.later(hold.millis(), respond);
        }
    }

    private void answer(Sasl sasl, Sasl.SaslOutcome outcome, byte[] serverFinal) {
        if (outcome != Sasl.SaslOutcome.PN_SASL_OK) {
            failed = true;
            sasl.done(outcome);
            return;
        }
        // done() first: Proton-J then carries the server-final message as the outcome's additional data
        sasl.done(outcome);
        if (serverFinal != null) {
            sasl.send(serverFinal, 0, serverFinal.length);
        }
        host.loggedIn();
    }

    private void internalFailure(Sasl sasl, RuntimeException e) {
        LOG.error("[{}] SASL exchange failed inside the broker; answered with a system error", peer, e);
        failed = true;
        sasl.done(Sasl.SaslOutcome.PN_SASL_SYS);
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
