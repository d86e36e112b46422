package io.tributary.broker.cli;

/**
 * A command that did not do what it was asked, for a reason the user can act on: printed as one line on stderr,
 * without a stack trace, and the process exits with {@link #status()}.
 */
public final class CliException extends RuntimeException {

    /** The broker answered with an error other than those below (bad input, conflict, store down). */
    public static final int FAILED = 1;
    /** A bad command line (picocli's own status for usage errors). */
    public static final int USAGE = 2;
    /** The queue, message, stream, group or connection does not exist (HTTP 404). */
    public static final int NOT_FOUND = 6;
    /** The broker refused the login or the permission (HTTP 401 or 403). */
    public static final int REFUSED = 7;
    /** Nothing answered at the URL: the broker is not running there, or a network problem. */
    public static final int UNREACHABLE = 8;

    private final int status;

    public CliException(int status, String message) {
        super(message);
        this.status = status;
    }

    public CliException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The exit status. */
    public int status() {
        return status;
    }
}
