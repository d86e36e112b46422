package io.tributary.core.security;

import io.tributary.core.ClientText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: the logger {@value #LOGGER} (route it to a file of its own in the logging configuration), with one
 * line per failed login and per management change. Client text goes through {@link ClientText#safe}. Stateless.
 */
public final class Audit {

    /** The name of the audit logger. */
    public static final String LOGGER = "io.tributary.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private Audit() {
    }

    /** A login was refused: {@code via} names the door (e.g. {@code AMQP SASL PLAIN from 10.0.0.7:51234}). */
    public static void loginFailed(String via, String user, String reason) {
        LOG.info("login failed: user '{}' via {}: {}", ClientText.safe(user), via, reason);
    }

    /** {@code user} (null: anonymous) changed something through management: {@code what}, in words. */
    public static void change(String user, String what) {
        LOG.info("change by {}: {}", user == null ? "an anonymous caller" : "'" + ClientText.safe(user) + "'",
                ClientText.safe(what));
    }
}
