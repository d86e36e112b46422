package io.tributary.benchmarks.load;

/** Something the load tool cannot go on from; its message says what failed and what to do, for a person. */
final class LoadFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LoadFailure(String message) {
        super(message);
    }

    LoadFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
