package io.tributary.core;

import java.util.Objects;

/**
 * The one exception family of the core engine. Protocol layers convert it at their boundary: the AMQP
 * endpoint maps {@link #kind()} to an AMQP error condition, the JMS provider to the matching
 * {@code JMSException} subclass. The message says what failed, with the values, and what to do.
 */
public class BrokerException extends RuntimeException {

    /** What went wrong, in terms every protocol can map. */
    public enum Kind {
        /** An address, queue, subscription or transaction does not exist (AMQP amqp:not-found). */
        NOT_FOUND,
        /** Something with that name exists already with other settings (AMQP amqp:precondition-failed). */
        ALREADY_EXISTS,
        /** The thing is in use and the operation would break its users (AMQP amqp:resource-locked). */
        IN_USE,
        /** A message selector does not parse (JMS InvalidSelectorException, AMQP amqp:invalid-field). */
        INVALID_SELECTOR,
        /** An argument or message is malformed (AMQP amqp:invalid-field / decode-error). */
        INVALID_ARGUMENT,
        /** The operation is not allowed in the current state (JMS IllegalStateException). */
        ILLEGAL_STATE,
        /** A limit was reached: memory budget, connections, message size (amqp:resource-limit-exceeded). */
        RESOURCE_LIMIT,
        /** The caller may not do this (amqp:unauthorized-access, JMS JMSSecurityException). */
        UNAUTHORIZED,
        /** The client id is already in use by another connection (JMS InvalidClientIDException). */
        INVALID_CLIENT_ID,
        /** The transaction could not commit and was rolled back (JMS TransactionRolledBackException). */
        TRANSACTION_ROLLED_BACK,
        /** The store failed; the operation may be retried when it recovers (amqp:internal-error). */
        STORE_FAILURE,
        /** Anything else that is the broker's own fault (amqp:internal-error). */
        INTERNAL
    }

    private final Kind kind;

    public BrokerException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public BrokerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
