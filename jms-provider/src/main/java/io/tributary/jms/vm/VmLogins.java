package io.tributary.jms.vm;

import io.tributary.core.config.Configuration;
import io.tributary.core.config.Settings;
import io.tributary.core.security.Audit;
import io.tributary.core.security.Credentials;
import jakarta.jms.JMSSecurityException;

/**
 * Who may connect to one {@code vm://} broker: the users of its configuration file ({@code users.NAME=PASSWORD}),
 * checked against core's {@link Credentials} as the AMQP server checks SASL PLAIN, and whether a connection without
 * a user is let in ({@code sasl.allow-anonymous}, true by default).
 *
 * <p>Design note: without users, a connection that names a user is let in as that user whatever its password (the
 * application runs in the same JVM as the broker; this is how a vm:// broker behaved before it read users), so
 * anonymous access stays the default. With users, a named connection must give that user's password.
 *
 * <p>Immutable and thread-safe.
 */
final class VmLogins {

    private final String broker;
    private final Credentials credentials;
    private final boolean allowAnonymous;

    private VmLogins(String broker, Credentials credentials, boolean allowAnonymous) {
        this.broker = broker;
        this.credentials = credentials;
        this.allowAnonymous = allowAnonymous;
    }

    /** Derives the users' keys once (PBKDF2 per user). */
    static VmLogins of(String broker, Configuration config) {
        return new VmLogins(broker, Credentials.derive(config.users()),
                config.get(Settings.SASL_ALLOW_ANONYMOUS, true));
    }

    /**
     * Lets the connection in or throws.
     *
     * @param user     the user, or null for an anonymous connection
     * @param password the password, or null
     * @throws JMSSecurityException for a user that is not one or a wrong password (answered alike), or an
     *                              anonymous connection when {@code sasl.allow-anonymous=false}
     */
    void check(String user, String password) throws JMSSecurityException {
        if (user == null) {
            if (!allowAnonymous) {
                throw new JMSSecurityException("vm://" + broker + ": a user and password are required"
                        + " (sasl.allow-anonymous=false)", "UNAUTHORIZED");
            }
            return;
        }
        if (!credentials.isEmpty() && !credentials.passwordMatches(user, password == null ? "" : password)) {
            Audit.loginFailed("vm://" + broker, user, "unknown user or wrong password");
            throw new JMSSecurityException("vm://" + broker + ": login as '" + user + "' failed: unknown user or"
                    + " wrong password", "UNAUTHORIZED");
        }
    }
}
