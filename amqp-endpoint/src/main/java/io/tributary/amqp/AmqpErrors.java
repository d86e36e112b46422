package io.tributary.amqp;

import io.tributary.core.BrokerException;
import io.tributary.core.ClientText;
import io.tributary.core.message.AmqpCodec;
import io.tributary.core.message.AmqpSymbols;
import io.tributary.core.message.MalformedMessageException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transaction.TransactionErrors;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * The one place where core failures become AMQP error conditions. Every condition carries a description a person
 * can act on: the engine's message, which says what failed with its values and what to do.
 */
final class AmqpErrors {

    static final Symbol INVALID_FIELD_INFO = Symbol.valueOf(AmqpSymbols.INVALID_FIELD);
    static final Symbol CONTAINER_ID = Symbol.valueOf(AmqpSymbols.CONTAINER_ID);

    private AmqpErrors() {
    }

    /**
     * The AMQP condition for any failure; malformed input is a decode-error, any other exception that is not the
     * engine's is the broker's own fault (internal-error).
     */
    static ErrorCondition of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof BrokerException be) {
            ErrorCondition c = new ErrorCondition(symbolFor(be.kind()), describe(be));
            if (be.kind() == BrokerException.Kind.INVALID_CLIENT_ID) {
                c.setInfo(Map.of(INVALID_FIELD_INFO, CONTAINER_ID));
            }
            return c;
        }
        if (t instanceof MalformedMessageException m) {
            return decodeError(m.getMessage());
        }
        return internalError("handling this request");
    }

    /**
     * internal-error for a failure of the broker's own: the description says where, never the exception (its class
     * names mean nothing to a client); the broker logs the details.
     */
    static ErrorCondition internalError(String activity) {
        return new ErrorCondition(AmqpError.INTERNAL_ERROR, "internal broker error while " + activity
                + "; the broker log has the details");
    }

    /**
     * The condition Proton-J set when it closed a transport on its own (its frame parser refused the input), with a
     * description for a person: Proton-J's names the exception class.
     */
    static ErrorCondition readable(ErrorCondition proton) {
        String reason = AmqpCodec.describe(new IllegalArgumentException(proton.getDescription()));
        return new ErrorCondition(proton.getCondition(), "the broker could not read the frames from this client: "
                + ClientText.safe(reason) + "; the connection is closed");
    }

    /** The AMQP error symbol for a core failure kind. */
    static Symbol symbolFor(BrokerException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> AmqpError.NOT_FOUND;
            case ALREADY_EXISTS -> AmqpError.PRECONDITION_FAILED;
            case IN_USE -> AmqpError.RESOURCE_LOCKED;
            case INVALID_SELECTOR, INVALID_ARGUMENT, INVALID_CLIENT_ID -> AmqpError.INVALID_FIELD;
            case ILLEGAL_STATE -> AmqpError.ILLEGAL_STATE;
            case RESOURCE_LIMIT -> AmqpError.RESOURCE_LIMIT_EXCEEDED;
            case UNAUTHORIZED -> AmqpError.UNAUTHORIZED_ACCESS;
            case TRANSACTION_ROLLED_BACK -> TransactionErrors.TRANSACTION_ROLLBACK;
            case STORE_FAILURE, INTERNAL -> AmqpError.INTERNAL_ERROR;
            default -> AmqpError.INTERNAL_ERROR;
        };
    }

    static ErrorCondition condition(Symbol symbol, String description) {
        return new ErrorCondition(symbol, description);
    }

    /** The rejected outcome carrying {@code error}. */
    static Rejected rejected(ErrorCondition error) {
        Rejected rejected = new Rejected();
        rejected.setError(error);
        return rejected;
    }

    static ErrorCondition decodeError(String description) {
        return new ErrorCondition(AmqpError.DECODE_ERROR, description);
    }

    static ErrorCondition limit(String description) {
        return new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, description);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(BrokerException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.kind().name().toLowerCase(Locale.ROOT) : m;
    }
}
