package io.tributary.jms.vm;

import io.tributary.core.BrokerException;
import io.tributary.core.message.MalformedMessageException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.TransactionRolledBackException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place engine errors ({@link BrokerException}, malformed messages) become JMS exceptions. */
final class VmExceptions {

    private VmExceptions() {
    }

    static JMSException toJms(Throwable t) {
        return toJms(t, "");
    }

    static JMSException toJms(Throwable t, String prefix) {
        Throwable cause = t;
        while (cause instanceof CompletionException || cause instanceof ExecutionException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof JMSException je) {
            return je;
        }
        JMSException je;
        String text = prefix + cause.getMessage();
        if (cause instanceof BrokerException be) {
            je = switch (be.kind()) {
                case NOT_FOUND -> new InvalidDestinationException(text, be.kind().name());
                case IN_USE, ILLEGAL_STATE, ALREADY_EXISTS -> new IllegalStateException(text, be.kind().name());
                case INVALID_SELECTOR -> new InvalidSelectorException(text, be.kind().name());
                case INVALID_CLIENT_ID -> new InvalidClientIDException(text, be.kind().name());
                case UNAUTHORIZED -> new JMSSecurityException(text, be.kind().name());
                case RESOURCE_LIMIT -> new ResourceAllocationException(text, be.kind().name());
                case TRANSACTION_ROLLED_BACK -> new TransactionRolledBackException(text, be.kind().name());
                default -> new JMSException(text, be.kind().name());
            };
        } else if (cause instanceof MalformedMessageException) {
            je = new MessageFormatException(text);
        } else {
            je = new JMSException(prefix + cause);
        }
        if (cause instanceof Exception e) {
            je.setLinkedException(e);
        }
        je.initCause(cause);
        return je;
    }
}
