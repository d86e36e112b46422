package io.tributary.core.message;

/**
 * Bytes that are not a well-formed AMQP 1.0 message (or frame body), with what is wrong and where. The one
 * exception of this package; the engine turns it into a {@code BrokerException} of kind INVALID_ARGUMENT where a
 * message enters it, the AMQP endpoint into {@code amqp:decode-error}.
 *
 * <p>Design note: this package is its own module (tributary-message), shared by the engine, the AMQP endpoint and
 * the JMS provider, so it cannot throw the engine's exception family.
 */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
